// EVTX reader benchmark: our reader against `evtxexport -f xml` (libevtx) on the same file.
//
//   bench_evtx FILE                     all figures (each measurement in a child process, so
//                                       that every peak-memory figure is its own)
//   bench_evtx --measure MODE FILE      one measurement, printed as one JSON line
//
// Modes: fields-all (records with their fields, all cores), fields-1 (one thread), xml-all
// (fields and the XML of every record, all cores: the same work evtxexport -f xml does).

#include "events/evtx/evtxreader.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <sys/resource.h>

using namespace Entra::Events;
using namespace Qt::Literals::StringLiterals;

namespace {

qint64 peakRssKiB()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

double cpuSeconds(const rusage &u)
{
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec)
        + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

QString loadAverage()
{
    QFile f(u"/proc/loadavg"_s);
    return f.open(QIODevice::ReadOnly) ? QString::fromLatin1(f.readAll()).section(u' ', 0, 2)
                                       : QString();
}

int measure(const QString &mode, const QString &path)
{
    EvtxReadOptions options;
    options.threads = mode.endsWith(u"-1"_s) ? 1 : 0;
    options.withXml = mode.startsWith(u"xml"_s);
    qint64 records = 0;
    qint64 xmlChars = 0;
    qint64 firstBatchNs = -1;
    QElapsedTimer timer;
    timer.start();
    const auto summary = EvtxReader(path).read(
        [&](EvtxBatch &&batch) {
            if (firstBatchNs < 0)
                firstBatchNs = timer.nsecsElapsed();
            records += batch.records.size();
            for (const EventRecord &r : std::as_const(batch.records))
                xmlChars += r.xml.size();
            return true;
        },
        options);
    const qint64 ns = timer.nsecsElapsed();
    if (!summary) {
        std::fprintf(stderr, "%s\n", qPrintable(summary.error().message));
        return 2;
    }
    QJsonObject o;
    o[u"mode"_s] = mode;
    o[u"seconds"_s] = double(ns) / 1e9;
    o[u"records"_s] = records;
    o[u"issues"_s] = summary->issues.size();
    o[u"firstBatchMs"_s] = double(firstBatchNs) / 1e6;
    o[u"peakKiB"_s] = peakRssKiB();
    o[u"xmlChars"_s] = xmlChars;
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    o[u"cpuSeconds"_s] = cpuSeconds(usage);
    std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    return 0;
}

QJsonObject runChild(const QString &mode, const QString &path)
{
    QProcess p;
    p.start(QCoreApplication::applicationFilePath(), { u"--measure"_s, mode, path });
    p.waitForFinished(-1);
    return QJsonDocument::fromJson(p.readAllStandardOutput()).object();
}

// Median of `runs` runs by time.
QJsonObject medianOf(const QString &mode, const QString &path, int runs)
{
    QList<QJsonObject> all;
    for (int i = 0; i < runs; ++i)
        all.append(runChild(mode, path));
    std::sort(all.begin(), all.end(), [](const QJsonObject &a, const QJsonObject &b) {
        return a[u"seconds"_s].toDouble() < b[u"seconds"_s].toDouble();
    });
    return all.value(all.size() / 2);
}

void printLine(const char *label, double seconds, double cpu, double mb, qint64 records,
               double firstMs, qint64 peakKiB)
{
    std::printf("%-34s %7.3f s (cpu %6.3f s) %7.1f MB/s %8.0f records/s", label, seconds, cpu,
                mb / seconds, double(records) / seconds);
    if (firstMs >= 0)
        std::printf("   first batch %6.2f ms", firstMs);
    if (peakKiB >= 0)
        std::printf("   peak RSS %6.1f MiB", double(peakKiB) / 1024.0);
    std::printf("\n");
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() == 4 && args[1] == u"--measure"_s)
        return measure(args[2], args[3]);
    if (args.size() != 2) {
        std::fprintf(stderr, "usage: bench_evtx FILE.evtx\n");
        return 2;
    }
    const QString path = args[1];
    const QFileInfo info(path);
    if (!info.exists()) {
        std::fprintf(stderr, "%s does not exist\n", qPrintable(path));
        return 2;
    }
    const double mb = double(info.size()) / 1e6;
    const int cores = QThread::idealThreadCount();
    std::printf("EVTX reader benchmark\nfile: %s, %lld bytes (%.1f MB)\ncores: %d "
                "(QThread::idealThreadCount; 'all cores' uses that many decoding threads)\n\n",
                qPrintable(info.fileName()), info.size(), mb, cores);
    std::printf("load average before: %s (other work on the machine slows every figure)\n\n",
                qPrintable(loadAverage()));
    std::fflush(stdout);

    // evtxexport first: getrusage(RUSAGE_CHILDREN) then holds its peak RSS alone.
    const QString evtxexport = QStandardPaths::findExecutable(u"evtxexport"_s);
    double libSeconds = -1;
    double libCpu = -1;
    qint64 libPeakKiB = -1;
    if (evtxexport.isEmpty()) {
        std::printf("evtxexport not found (install libevtx-utils); no ratio\n");
    } else {
        QProcess p;
        p.setStandardOutputFile(QProcess::nullDevice());
        p.setStandardErrorFile(QProcess::nullDevice());
        QElapsedTimer timer;
        timer.start();
        p.start(evtxexport, { u"-f"_s, u"xml"_s, path });
        p.waitForFinished(-1);
        libSeconds = double(timer.nsecsElapsed()) / 1e9;
        if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
            // It stops at the first record it cannot decode: its time is not comparable.
            std::printf("evtxexport failed on this file (exit code %d); no ratio\n", p.exitCode());
            libSeconds = -1;
        }
        rusage usage {};
        if (getrusage(RUSAGE_CHILDREN, &usage) == 0) {
            libPeakKiB = usage.ru_maxrss;
            libCpu = cpuSeconds(usage);
        }
    }

    const QJsonObject all = medianOf(u"fields-all"_s, path, 3);
    const QJsonObject one = medianOf(u"fields-1"_s, path, 3);
    const QJsonObject xml = medianOf(u"xml-all"_s, path, 3);
    const qint64 records = all[u"records"_s].toInteger();
    std::printf("records: %lld (issues reported: %lld)\n\n", records, all[u"issues"_s].toInteger());

    auto show = [&](const char *label, const QJsonObject &o) {
        printLine(label, o[u"seconds"_s].toDouble(), o[u"cpuSeconds"_s].toDouble(), mb,
                  o[u"records"_s].toInteger(), o[u"firstBatchMs"_s].toDouble(),
                  o[u"peakKiB"_s].toInteger());
    };
    show("ours, fields, all cores:", all);
    show("ours, fields, 1 thread:", one);
    show("ours, fields + XML, all cores:", xml);
    if (libSeconds > 0) {
        printLine("evtxexport -f xml > /dev/null:", libSeconds, libCpu, mb, records, -1,
                  libPeakKiB);
        const double ratioFields = libSeconds / all[u"seconds"_s].toDouble();
        const double ratioOne = libSeconds / one[u"seconds"_s].toDouble();
        const double ratioXml = libSeconds / xml[u"seconds"_s].toDouble();
        std::printf("\nratio to evtxexport (its time / ours, medians of 3 runs):\n");
        std::printf("  fields, all cores:       %6.1fx   (target >= 10x with 2 cores: %s)\n",
                    ratioFields, ratioFields >= 10.0 ? "met" : "NOT met");
        std::printf("  fields, 1 thread:        %6.1fx\n", ratioOne);
        std::printf("  fields + XML, all cores: %6.1fx\n", ratioXml);
        std::printf("CPU time ratio (less sensitive to other load): fields %.1fx, fields + XML "
                    "%.1fx\n",
                    libCpu / all[u"cpuSeconds"_s].toDouble(),
                    libCpu / xml[u"cpuSeconds"_s].toDouble());
    }
    std::printf("load average after: %s\n", qPrintable(loadAverage()));
    return 0;
}
