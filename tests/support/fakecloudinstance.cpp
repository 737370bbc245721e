#include "fakecloudinstance.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QSslSocket>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Test {

namespace {

constexpr int StartTimeoutMs = 20000;
constexpr int AdminTimeoutMs = 15000;

} // namespace

// --- Fault ----------------------------------------------------------------------------------

FakeCloudInstance::Fault FakeCloudInstance::Fault::throttle(const QString &path, int count,
                                                            int retryAfterSeconds)
{
    Fault fault;
    fault.kind = u"throttle"_s;
    fault.path = path;
    fault.count = count;
    fault.retryAfter = retryAfterSeconds;
    return fault;
}

FakeCloudInstance::Fault FakeCloudInstance::Fault::serverError(const QString &path, int count,
                                                               int status)
{
    Fault fault;
    fault.kind = u"status"_s;
    fault.path = path;
    fault.count = count;
    fault.status = status;
    return fault;
}

FakeCloudInstance::Fault FakeCloudInstance::Fault::slow(const QString &path, int count, int delayMs)
{
    Fault fault;
    fault.kind = u"delay"_s;
    fault.path = path;
    fault.count = count;
    fault.delayMs = delayMs;
    return fault;
}

FakeCloudInstance::Fault FakeCloudInstance::Fault::malformed(const QString &path, int count,
                                                             const QString &mode)
{
    Fault fault;
    fault.kind = u"malformed"_s;
    fault.path = path;
    fault.count = count;
    fault.mode = mode;
    return fault;
}

FakeCloudInstance::Fault FakeCloudInstance::Fault::closeMidResponse(const QString &path, int count,
                                                                    qint64 bytes)
{
    Fault fault;
    fault.kind = u"close"_s;
    fault.path = path;
    fault.count = count;
    fault.bytes = bytes;
    return fault;
}

FakeCloudInstance::Fault FakeCloudInstance::Fault::drop(const QString &path, int count,
                                                        bool processed)
{
    Fault fault;
    fault.kind = u"drop"_s;
    fault.path = path;
    fault.count = count;
    fault.process = processed;
    return fault;
}

FakeCloudInstance::Fault &FakeCloudInstance::Fault::onMethod(const QByteArray &httpMethod)
{
    method = httpMethod;
    return *this;
}

FakeCloudInstance::Fault &FakeCloudInstance::Fault::afterSkipping(int requests)
{
    skip = requests;
    return *this;
}

QJsonObject FakeCloudInstance::Fault::toJson() const
{
    return { { u"kind"_s, kind },       { u"path"_s, path },
             { u"count"_s, count },     { u"skip"_s, skip },
             { u"method"_s, QString::fromLatin1(method) },
             { u"status"_s, status },   { u"retryAfter"_s, retryAfter },
             { u"delayMs"_s, delayMs }, { u"mode"_s, mode },
             { u"process"_s, process }, { u"bytes"_s, bytes } };
}

// --- process --------------------------------------------------------------------------------

FakeCloudInstance::FakeCloudInstance()
    : FakeCloudInstance(Options())
{ }

FakeCloudInstance::FakeCloudInstance(Options options)
    : m_options(std::move(options))
{ }

FakeCloudInstance::~FakeCloudInstance()
{
    stop();
}

QString FakeCloudInstance::executable()
{
    const QString overridden = qEnvironmentVariable("FAKECLOUD_EXECUTABLE");
    if (!overridden.isEmpty())
        return overridden;
    return QStringLiteral(ENTRA_FAKECLOUD_EXECUTABLE);
}

QString FakeCloudInstance::caFile() const
{
    return m_dir.filePath(u"fakecloud-ca.pem"_s);
}

QString FakeCloudInstance::logFile() const
{
    return m_dir.filePath(u"fakecloud.log"_s);
}

bool FakeCloudInstance::start()
{
    if (isRunning())
        return true;
    if (!m_dir.isValid()) {
        m_error = u"no temporary directory"_s;
        return false;
    }
    if (!QFile::exists(executable())) {
        m_error = u"fakecloud is not built: %1"_s.arg(executable());
        return false;
    }
    return startOnce();
}

bool FakeCloudInstance::startOnce()
{
    QStringList arguments { u"--port"_s, u"0"_s, u"--ca-out"_s, caFile() };
    if (!m_options.autoApproveUpn.isEmpty())
        arguments << u"--auto-approve"_s << m_options.autoApproveUpn;
    if (m_options.autoApproveMfa)
        arguments << u"--auto-approve-mfa"_s;
    if (!m_options.stateDir.isEmpty())
        arguments << u"--state-dir"_s << m_options.stateDir;
    if (!m_options.tenantId.isEmpty())
        arguments << u"--tenant-id"_s << m_options.tenantId;
    if (!m_options.tenantDomain.isEmpty())
        arguments << u"--tenant-domain"_s << m_options.tenantDomain;
    if (!m_options.caCertFile.isEmpty())
        arguments << u"--ca-cert"_s << m_options.caCertFile << u"--ca-key"_s << m_options.caKeyFile;
    if (m_options.pollInterval >= 0)
        arguments << u"--interval"_s << QString::number(m_options.pollInterval);
    arguments << m_options.extraArguments;

    QFile::remove(caFile());
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::SeparateChannels);
    m_process->setStandardErrorFile(logFile(), QIODevice::Append);
    m_process->start(executable(), arguments);
    if (!m_process->waitForStarted(StartTimeoutMs)) {
        m_error = u"fakecloud did not start: %1"_s.arg(m_process->errorString());
        m_process.reset();
        return false;
    }
    static const QRegularExpression listening(u"^listening on https://127\\.0\\.0\\.1:(\\d+)$"_s);
    QByteArray output;
    const QDeadlineTimer deadline(StartTimeoutMs);
    while (!deadline.hasExpired()) {
        if (!m_process->canReadLine() && m_process->state() == QProcess::Running)
            m_process->waitForReadyRead(int(qMin<qint64>(deadline.remainingTime(), 200)));
        while (m_process->canReadLine()) {
            const QString line = QString::fromUtf8(m_process->readLine()).trimmed();
            const QRegularExpressionMatch match = listening.match(line);
            if (match.hasMatch()) {
                m_port = quint16(match.captured(1).toUInt());
                const Reply reply = admin("GET", u"/state"_s);
                if (!reply.ok()) {
                    m_error = u"fakecloud answers no admin request: %1"_s.arg(reply.error);
                    kill();
                    return false;
                }
                const QJsonObject tenant = reply.json.value(u"tenant"_s).toObject();
                m_tenantId = tenant.value(u"id"_s).toString();
                m_tenantDomain = tenant.value(u"domain"_s).toString();
                m_error.clear();
                return true;
            }
            output += line.toUtf8() + '\n';
        }
        if (m_process->state() != QProcess::Running) {
            QFile log(logFile());
            log.open(QIODevice::ReadOnly);
            m_error = u"fakecloud exited: %1%2"_s.arg(QString::fromUtf8(output),
                                                      QString::fromUtf8(log.readAll()));
            m_process.reset();
            return false;
        }
    }
    m_error = u"fakecloud printed no \"listening on\" line"_s;
    kill();
    return false;
}

void FakeCloudInstance::stop()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(5000)) {
            m_process->kill();
            m_process->waitForFinished(5000);
        }
    }
    m_process.reset();
    m_port = 0;
}

void FakeCloudInstance::kill()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->kill();
        m_process->waitForFinished(5000);
    }
    m_process.reset();
    m_port = 0;
}

bool FakeCloudInstance::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}

qint64 FakeCloudInstance::processId() const
{
    return m_process ? m_process->processId() : 0;
}

QUrl FakeCloudInstance::baseUrl() const
{
    return QUrl(u"https://127.0.0.1:%1"_s.arg(m_port));
}

QUrl FakeCloudInstance::url(const QString &pathAndQuery) const
{
    return QUrl(baseUrl().toString() + pathAndQuery);
}

QList<QSslCertificate> FakeCloudInstance::caCertificates() const
{
    return QSslCertificate::fromPath(caFile(), QSsl::Pem);
}

QSslConfiguration FakeCloudInstance::sslConfiguration() const
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setCaCertificates(caCertificates());
    return configuration;
}

// --- admin hooks ----------------------------------------------------------------------------

FakeCloudInstance::Reply FakeCloudInstance::admin(const QByteArray &method, const QString &path,
                                                  const QJsonObject &body)
{
    Reply reply;
    if (m_port == 0) {
        reply.error = u"fakecloud is not running"_s;
        return reply;
    }
    QSslSocket socket;
    socket.setSslConfiguration(sslConfiguration());
    socket.connectToHostEncrypted(u"127.0.0.1"_s, m_port);
    if (!socket.waitForEncrypted(AdminTimeoutMs)) {
        reply.error = u"TLS connection to fakecloud failed: %1"_s.arg(socket.errorString());
        return reply;
    }
    const QByteArray payload = body.isEmpty() && method == "GET"
        ? QByteArray()
        : QJsonDocument(body).toJson(QJsonDocument::Compact);
    QByteArray request = method + ' ' + QUrl(u"/_fakecloud"_s + path).toEncoded() + " HTTP/1.1\r\n"
        + "Host: 127.0.0.1:" + QByteArray::number(m_port) + "\r\n";
    if (!payload.isEmpty())
        request += "Content-Type: application/json\r\n";
    request += "Content-Length: " + QByteArray::number(payload.size()) + "\r\n\r\n" + payload;
    socket.write(request);

    QByteArray received;
    qsizetype headerEnd = -1;
    qint64 contentLength = -1;
    const QDeadlineTimer deadline(AdminTimeoutMs);
    while (!deadline.hasExpired()) {
        if (headerEnd >= 0 && received.size() - headerEnd - 4 >= contentLength)
            break;
        if (!socket.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())))) {
            if (socket.state() != QAbstractSocket::ConnectedState)
                break;
            continue;
        }
        received += socket.readAll();
        if (headerEnd < 0) {
            headerEnd = received.indexOf("\r\n\r\n");
            if (headerEnd >= 0) {
                for (const QByteArray &line : received.left(headerEnd).split('\n')) {
                    if (line.toLower().startsWith("content-length:"))
                        contentLength = line.mid(15).trimmed().toLongLong();
                }
                if (contentLength < 0)
                    contentLength = 0;
            }
        }
    }
    socket.disconnectFromHost();
    if (headerEnd < 0 || received.size() - headerEnd - 4 < contentLength) {
        reply.error = u"incomplete answer from fakecloud"_s;
        return reply;
    }
    const QList<QByteArray> statusLine = received.left(received.indexOf("\r\n")).split(' ');
    reply.status = statusLine.value(1).toInt();
    reply.body = received.mid(headerEnd + 4, contentLength);
    reply.json = QJsonDocument::fromJson(reply.body).object();
    if (!reply.ok() && reply.error.isEmpty())
        m_error = u"admin %1 %2: HTTP %3 %4"_s.arg(QString::fromLatin1(method), path)
                      .arg(reply.status)
                      .arg(QString::fromUtf8(reply.body));
    return reply;
}

bool FakeCloudInstance::post(const QString &path, const QJsonObject &body)
{
    return admin("POST", path, body).ok();
}

bool FakeCloudInstance::approveDeviceCode(const QString &userCode, const QString &upn, bool mfa)
{
    return post(u"/devicecodes/%1/approve"_s.arg(userCode),
                { { u"upn"_s, upn }, { u"mfa"_s, mfa } });
}

bool FakeCloudInstance::declineDeviceCode(const QString &userCode)
{
    return post(u"/devicecodes/%1/decline"_s.arg(userCode));
}

bool FakeCloudInstance::expireDeviceCode(const QString &userCode)
{
    return post(u"/devicecodes/%1/expire"_s.arg(userCode));
}

QJsonArray FakeCloudInstance::deviceCodes()
{
    return admin("GET", u"/devicecodes"_s).json.value(u"deviceCodes"_s).toArray();
}

bool FakeCloudInstance::disableDevice(const QString &deviceId)
{
    return post(u"/devices/%1/disable"_s.arg(deviceId));
}

bool FakeCloudInstance::enableDevice(const QString &deviceId)
{
    return post(u"/devices/%1/enable"_s.arg(deviceId));
}

bool FakeCloudInstance::deleteDevice(const QString &deviceId)
{
    return admin("DELETE", u"/devices/%1"_s.arg(deviceId)).ok();
}

bool FakeCloudInstance::expireDeviceCertificate(const QString &deviceId)
{
    return post(u"/devices/%1/expire-certificate"_s.arg(deviceId));
}

QJsonArray FakeCloudInstance::devices()
{
    return admin("GET", u"/devices"_s).json.value(u"devices"_s).toArray();
}

QJsonObject FakeCloudInstance::device(const QString &deviceId)
{
    const Reply reply = admin("GET", u"/devices/%1"_s.arg(deviceId));
    return reply.ok() ? reply.json : QJsonObject();
}

bool FakeCloudInstance::configure(const QJsonObject &settings)
{
    return post(u"/config"_s, settings);
}

bool FakeCloudInstance::setRequireMfaForJoin(bool required)
{
    return configure({ { u"requireMfaForJoin"_s, required } });
}

bool FakeCloudInstance::addFault(const Fault &fault)
{
    return post(u"/faults"_s, fault.toJson());
}

bool FakeCloudInstance::clearFaults()
{
    return admin("DELETE", u"/faults"_s).ok();
}

bool FakeCloudInstance::reset()
{
    return post(u"/reset"_s);
}

QJsonObject FakeCloudInstance::state()
{
    return admin("GET", u"/state"_s).json;
}

QString FakeCloudInstance::mintAccessToken(const QString &upn, const QString &audience,
                                           qint64 lifetimeSeconds, bool mfa,
                                           const QString &deviceId)
{
    QJsonObject body { { u"upn"_s, upn },
                       { u"audience"_s, audience },
                       { u"lifetime"_s, lifetimeSeconds },
                       { u"mfa"_s, mfa } };
    if (!deviceId.isEmpty())
        body.insert(u"deviceId"_s, deviceId);
    if (audience == u"graph"_s)
        body.insert(u"scope"_s, u"Device.Read.All"_s);
    const Reply reply = admin("POST", u"/tokens"_s, body);
    return reply.ok() ? reply.json.value(u"access_token"_s).toString() : QString();
}

} // namespace Entra::Test
