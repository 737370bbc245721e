#pragma once

#include "fakecloudinstance.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <chrono>
#include <functional>

namespace Entra::Test {

// One device driven through the real entra-doctor binary (ENTRA_DOCTOR_BINARY): a state
// directory and the global options that point the program at fakecloud and at a TPM (or at
// software keys), as a user's shell would run it.
class CliDevice
{
public:
    struct Run
    {
        int exitCode = -1;
        bool crashed = false; // ended by a signal we did not send, or did not finish in time
        bool killed = false; // runAndKill() sent SIGKILL before it finished
        qint64 elapsedMs = 0;
        QString out;
        QString err;
        QString all() const { return out + err; }
    };

    // Empty tcti: --no-tpm.
    CliDevice(const FakeCloudInstance &cloud, QString stateDir, QString tcti = {});

    QString stateDir() const { return m_stateDir; }
    void setTcti(const QString &tcti) { m_tcti = tcti; }
    // --no-tpm as well as --tcti: the TPM stays reachable but new keys go to software.
    void setSoftwareKeys(bool software) { m_softwareKeys = software; }
    void setTimeout(std::chrono::seconds timeout) { m_timeout = timeout; }
    QStringList globalArguments() const;

    // Runs `arguments` with `input` on standard input and waits for the program to end.
    Run run(const QStringList &arguments, const QByteArray &input = {},
            int timeoutMs = 90000) const;
    // Like run(), but sends SIGKILL `delayMs` after `trigger` appeared on standard output (if
    // the program has not ended by then): a crash or power loss at that moment. With
    // `instead`, that is called at that moment and the program runs on.
    Run runAndKill(const QStringList &arguments, const QByteArray &input, const QByteArray &trigger,
                   int delayMs, int timeoutMs = 90000,
                   const std::function<void()> &instead = {}) const;

private:
    const FakeCloudInstance &m_cloud;
    QString m_stateDir;
    QString m_tcti;
    bool m_softwareKeys = false;
    std::chrono::seconds m_timeout { 0 };
};

// The operation log's lines as "operation step result" strings, in order.
QStringList operationLogLines(const QString &stateDir);
// Key ids in both key stores of a state directory (TPM key files are named after their ids; no
// TPM is needed to list them). The TPM key pool's spare keys are not included.
QStringList keyIdsInStateDir(const QString &stateDir);

} // namespace Entra::Test
