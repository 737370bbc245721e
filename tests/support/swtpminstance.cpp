#include "swtpminstance.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QThread>

#include <arpa/inet.h>
#include <csignal>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Test {

namespace {

constexpr int StartAttempts = 5;
constexpr int ReadyTimeoutMs = 10000;

sockaddr_in loopback(quint16 port)
{
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
}

// A socket bound to 127.0.0.1:port (0 = any free port), or -1.
int bindLoopback(quint16 port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    const sockaddr_in address = loopback(port);
    if (::bind(fd, reinterpret_cast<const sockaddr *>(&address), sizeof(address)) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

quint16 boundPort(int fd)
{
    sockaddr_in address {};
    socklen_t length = sizeof(address);
    if (::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) != 0)
        return 0;
    return ntohs(address.sin_port);
}

} // namespace

SwtpmInstance::SwtpmInstance()
    : m_ownStateDir(std::make_unique<QTemporaryDir>())
{
    m_stateDir = m_ownStateDir->path();
}

SwtpmInstance::SwtpmInstance(const QString &stateDir)
    : m_stateDir(stateDir)
{ }

SwtpmInstance::~SwtpmInstance()
{
    stop();
}

quint16 SwtpmInstance::findFreePortPair()
{
    for (int attempt = 0; attempt < 50; ++attempt) {
        const int first = bindLoopback(0);
        if (first < 0)
            return 0;
        const quint16 port = boundPort(first);
        if (port == 0 || port == 65535) {
            ::close(first);
            continue;
        }
        const int second = bindLoopback(quint16(port + 1));
        ::close(first);
        if (second >= 0) {
            ::close(second);
            return port;
        }
    }
    return 0;
}

quint16 SwtpmInstance::findClosedPort()
{
    // Bound but never listening, then released: nothing accepts connections there.
    const int fd = bindLoopback(0);
    if (fd < 0)
        return 0;
    const quint16 port = boundPort(fd);
    ::close(fd);
    return port;
}

bool SwtpmInstance::canConnect(quint16 port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return false;
    const sockaddr_in address = loopback(port);
    const bool connected
        = ::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof(address)) == 0;
    ::close(fd);
    return connected;
}

bool SwtpmInstance::start()
{
    if (isRunning())
        return true;
    if (m_stateDir.isEmpty() || (m_ownStateDir && !m_ownStateDir->isValid())) {
        m_error = u"no state directory"_s;
        return false;
    }
    if (QStandardPaths::findExecutable(u"swtpm"_s).isEmpty()) {
        m_error = u"swtpm is not installed"_s;
        return false;
    }
    for (int attempt = 0; attempt < StartAttempts; ++attempt) {
        const quint16 port = findFreePortPair();
        if (port == 0) {
            m_error = u"no free loopback port pair"_s;
            return false;
        }
        if (startOnce(port))
            return true;
    }
    return false;
}

bool SwtpmInstance::startOnce(quint16 port)
{
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    const QStringList arguments = {
        u"socket"_s,     u"--tpm2"_s,
        u"--server"_s,   u"type=tcp,bindaddr=127.0.0.1,port=%1"_s.arg(port),
        u"--ctrl"_s,     u"type=tcp,bindaddr=127.0.0.1,port=%1"_s.arg(port + 1),
        u"--flags"_s,    u"not-need-init,startup-clear"_s,
        u"--tpmstate"_s, u"dir=%1"_s.arg(m_stateDir),
        u"--log"_s,      u"file=%1,level=1"_s.arg(logFile()),
    };
    m_process->start(u"swtpm"_s, arguments);
    if (!m_process->waitForStarted(ReadyTimeoutMs)) {
        m_error = u"swtpm did not start: %1"_s.arg(m_process->errorString());
        m_process.reset();
        return false;
    }
    const QDeadlineTimer deadline(ReadyTimeoutMs);
    while (!deadline.hasExpired()) {
        if (m_process->state() != QProcess::Running) {
            m_error = u"swtpm exited (port %1 taken?): %2"_s.arg(port).arg(
                QString::fromLocal8Bit(m_process->readAll()));
            m_process.reset();
            return false;
        }
        if (canConnect(quint16(port + 1)) && canConnect(port)) {
            m_port = port;
            m_error.clear();
            return true;
        }
        QThread::msleep(20);
    }
    m_error = u"swtpm did not accept connections on port %1"_s.arg(port);
    kill();
    return false;
}

void SwtpmInstance::stop()
{
    if (!m_process)
        return;
    resume();
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(5000)) {
            m_process->kill();
            m_process->waitForFinished(5000);
        }
    }
    m_process.reset();
}

void SwtpmInstance::kill()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->kill();
        m_process->waitForFinished(5000);
    }
    m_process.reset();
}

void SwtpmInstance::suspend()
{
    if (isRunning())
        ::kill(pid_t(m_process->processId()), SIGSTOP);
}

void SwtpmInstance::resume()
{
    if (isRunning())
        ::kill(pid_t(m_process->processId()), SIGCONT);
}

bool SwtpmInstance::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}

QString SwtpmInstance::tcti() const
{
    return u"swtpm:host=127.0.0.1,port=%1"_s.arg(m_port);
}

qint64 SwtpmInstance::processId() const
{
    return m_process ? m_process->processId() : 0;
}

QString SwtpmInstance::logFile() const
{
    return m_logDir.filePath(u"swtpm.log"_s);
}

} // namespace Entra::Test
