#include "clidevice.h"

#include "tpm/keystoreselection.h"
#include "tpm/softwarekeystore.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Test {

CliDevice::CliDevice(const FakeCloudInstance &cloud, QString stateDir, QString tcti)
    : m_cloud(cloud)
    , m_stateDir(std::move(stateDir))
    , m_tcti(std::move(tcti))
{ }

QStringList CliDevice::globalArguments() const
{
    QStringList arguments
        = { u"--state-dir"_s, m_stateDir,      u"--cloud"_s, m_cloud.baseUrl().toString(),
            u"--ca-file"_s,   m_cloud.caFile() };
    if (!m_tcti.isEmpty())
        arguments << u"--tcti"_s << m_tcti;
    if (m_tcti.isEmpty() || m_softwareKeys)
        arguments << u"--no-tpm"_s;
    if (m_timeout.count() > 0)
        arguments << u"--timeout"_s << QString::number(m_timeout.count());
    return arguments;
}

CliDevice::Run CliDevice::run(const QStringList &arguments, const QByteArray &input,
                              int timeoutMs) const
{
    return runAndKill(arguments, input, {}, 0, timeoutMs);
}

CliDevice::Run CliDevice::runAndKill(const QStringList &arguments, const QByteArray &input,
                                     const QByteArray &trigger, int delayMs, int timeoutMs,
                                     const std::function<void()> &instead) const
{
    Run run;
    QElapsedTimer timer;
    timer.start();
    QProcess process;
    process.start(QStringLiteral(ENTRA_DOCTOR_BINARY), arguments + globalArguments());
    if (!process.waitForStarted()) {
        run.crashed = true;
        run.err = process.errorString();
        return run;
    }
    process.write(input);
    process.closeWriteChannel();
    QByteArray out;
    const QDeadlineTimer deadline(timeoutMs);
    std::optional<QDeadlineTimer> killAt;
    while (process.state() == QProcess::Running && !deadline.hasExpired()) {
        process.waitForReadyRead(10);
        out += process.readAllStandardOutput();
        if (!trigger.isEmpty() && !killAt && out.contains(trigger))
            killAt = QDeadlineTimer(delayMs);
        if (killAt && killAt->hasExpired() && process.state() == QProcess::Running) {
            if (instead) {
                instead();
                killAt = QDeadlineTimer(QDeadlineTimer::Forever);
                continue;
            }
            process.kill();
            run.killed = true;
            break;
        }
    }
    if (process.state() == QProcess::Running) {
        if (!run.killed)
            run.crashed = true; // did not finish in time
        process.kill();
    }
    process.waitForFinished(10000);
    out += process.readAllStandardOutput();
    run.out = QString::fromUtf8(out);
    run.err = QString::fromUtf8(process.readAllStandardError());
    if (process.exitStatus() == QProcess::CrashExit && !run.killed)
        run.crashed = true;
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.elapsedMs = timer.elapsed();
    return run;
}

QStringList operationLogLines(const QString &stateDir)
{
    QFile file(stateDir + u"/logs/operations.jsonl"_s);
    QStringList entries;
    if (!file.open(QIODevice::ReadOnly))
        return entries;
    while (!file.atEnd()) {
        const QJsonObject o = QJsonDocument::fromJson(file.readLine()).object();
        entries << u"%1 %2 %3"_s.arg(o.value(u"operation"_s).toString(),
                                     o.value(u"step"_s).toString(),
                                     o.value(u"result"_s).toString());
    }
    return entries;
}

QStringList keyIdsInStateDir(const QString &stateDir)
{
    QStringList ids = SoftwareKeyStore(KeyStoreSelector::softwareKeyDirectory(stateDir)).keyIds();
    const QStringList tpmFiles = QDir(KeyStoreSelector::tpmKeyDirectory(stateDir))
                                     .entryList({ u"*.tpmkey"_s }, QDir::Files);
    for (const QString &file : tpmFiles)
        ids << QFileInfo(file).completeBaseName();
    return ids;
}

} // namespace Entra::Test
