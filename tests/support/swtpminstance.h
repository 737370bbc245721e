#pragma once

#include <QString>
#include <QTemporaryDir>

#include <memory>

class QProcess;

namespace Entra::Test {

// A swtpm TPM 2.0 simulator for one test: free loopback ports, a fresh state directory (or a
// given one, to restart on the same state), stopped in the destructor.
//
//     SwtpmInstance tpm;
//     QVERIFY2(tpm.start(), qPrintable(tpm.errorString()));
//     use tpm.tcti()   // "swtpm:host=127.0.0.1,port=P"
class SwtpmInstance
{
public:
    SwtpmInstance(); // own temporary state directory
    explicit SwtpmInstance(const QString &stateDir); // existing state (must exist)
    ~SwtpmInstance();
    SwtpmInstance(const SwtpmInstance &) = delete;
    SwtpmInstance &operator=(const SwtpmInstance &) = delete;

    // Starts swtpm on a free pair of ports (server P, control P+1) and waits until it accepts
    // connections. Retries with other ports if another process grabbed them meanwhile.
    bool start();
    // SIGTERM, then SIGKILL if it does not exit.
    void stop();
    // SIGKILL at once: "the TPM went away in the middle of an operation".
    void kill();
    // SIGSTOP / SIGCONT: the TPM stops answering but keeps its connections open.
    void suspend();
    void resume();

    bool isRunning() const;
    quint16 port() const { return m_port; }
    quint16 controlPort() const { return quint16(m_port + 1); }
    QString tcti() const;
    QString stateDir() const { return m_stateDir; }
    QString errorString() const { return m_error; }
    qint64 processId() const;
    QString logFile() const;

    // Two consecutive free loopback ports (P, P+1); 0 on failure.
    static quint16 findFreePortPair();
    // A loopback port nothing listens on (for "no TPM" tests).
    static quint16 findClosedPort();

private:
    bool startOnce(quint16 port);
    static bool canConnect(quint16 port);

    std::unique_ptr<QTemporaryDir> m_ownStateDir;
    QTemporaryDir m_logDir;
    QString m_stateDir;
    quint16 m_port = 0;
    std::unique_ptr<QProcess> m_process;
    QString m_error;
};

} // namespace Entra::Test
