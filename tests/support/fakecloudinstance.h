#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

class QProcess;

namespace Entra::Test {

// A fakecloud server (tests/fakecloud) for one test: started as its own process on a free
// loopback port, its test CA written to a temporary file, stopped in the destructor. The admin
// helpers talk to its /_fakecloud hooks over TLS with blocking sockets (no event loop needed).
//
//     FakeCloudInstance cloud;
//     QVERIFY2(cloud.start(), qPrintable(cloud.errorString()));
//     request.setSslConfiguration(cloud.sslConfiguration());   // trusts only fakecloud's CA
//     request.setUrl(cloud.url(u"/contoso.onmicrosoft.com/enrollmentserver/contract"_s));
//     QVERIFY(cloud.approveDeviceCode(userCode, u"alice@contoso.onmicrosoft.com"_s, true));
class FakeCloudInstance
{
public:
    struct Options
    {
        QString autoApproveUpn; // --auto-approve
        bool autoApproveMfa = false; // --auto-approve-mfa
        QString stateDir; // --state-dir (empty: state in memory)
        QString tenantId; // --tenant-id (empty: fakecloud picks a GUID)
        QString tenantDomain; // --tenant-domain (empty: contoso.onmicrosoft.com)
        QString caCertFile; // --ca-cert / --ca-key
        QString caKeyFile;
        int pollInterval = 1; // --interval: device-code polling interval in seconds (-1: default 5)
        QStringList extraArguments;
    };

    // An injected fault (README.md "Faults"): applies to the next `count` requests whose path
    // contains `path` (case-insensitive; empty = every non-admin request).
    struct Fault
    {
        QString kind; // throttle, status, delay, malformed, close, drop
        QString path;
        int count = 1;
        int skip = 0; // matching requests let through before it applies
        QByteArray method; // empty = any
        int status = 500;
        int retryAfter = 0;
        int delayMs = 0;
        QString mode = QStringLiteral("truncated"); // malformed: truncated, html, wrong-json, empty
        bool process = true; // malformed, drop: run the real handler first
        qint64 bytes = -1; // close: body bytes sent first (-1 = half)

        static Fault throttle(const QString &path, int count, int retryAfterSeconds = 5);
        static Fault serverError(const QString &path, int count, int status = 500);
        static Fault slow(const QString &path, int count, int delayMs);
        static Fault malformed(const QString &path, int count,
                               const QString &mode = QStringLiteral("truncated"));
        static Fault closeMidResponse(const QString &path, int count, qint64 bytes = -1);
        // The connection closed without an answer; `processed`: after the service acted on it.
        static Fault drop(const QString &path, int count, bool processed = false);
        Fault &onMethod(const QByteArray &httpMethod);
        Fault &afterSkipping(int requests);
        QJsonObject toJson() const;
    };

    // The answer of an admin hook.
    struct Reply
    {
        int status = 0;
        QByteArray body;
        QJsonObject json;
        QString error; // transport problem, if any
        bool ok() const { return error.isEmpty() && status >= 200 && status < 300; }
    };

    FakeCloudInstance();
    explicit FakeCloudInstance(Options options);
    ~FakeCloudInstance();
    FakeCloudInstance(const FakeCloudInstance &) = delete;
    FakeCloudInstance &operator=(const FakeCloudInstance &) = delete;

    // Starts fakecloud with --port 0 --ca-out FILE and waits for its
    // "listening on https://127.0.0.1:PORT" line.
    bool start();
    // SIGTERM, then SIGKILL if it does not exit.
    void stop();
    // SIGKILL at once.
    void kill();
    bool isRunning() const;

    QUrl baseUrl() const; // https://127.0.0.1:PORT
    QUrl url(const QString &pathAndQuery) const; // baseUrl() + path (with an optional ?query)
    quint16 port() const { return m_port; }
    QString caFile() const; // the CA certificate fakecloud wrote (PEM)
    QList<QSslCertificate> caCertificates() const;
    // The default configuration with fakecloud's CA as the only trusted CA.
    QSslConfiguration sslConfiguration() const;
    QString tenantId() const { return m_tenantId; }
    QString tenantDomain() const { return m_tenantDomain; }
    QString errorString() const { return m_error; }
    QString logFile() const; // fakecloud's stderr
    qint64 processId() const;
    // The fakecloud binary: $FAKECLOUD_EXECUTABLE, else the one this build made.
    static QString executable();

    // Any admin hook: method and path under /_fakecloud (e.g. "POST", "/config").
    Reply admin(const QByteArray &method, const QString &path, const QJsonObject &body = {});

    // Device codes; userCode "latest" = the newest pending code.
    bool approveDeviceCode(const QString &userCode, const QString &upn, bool mfa = false);
    bool declineDeviceCode(const QString &userCode);
    bool expireDeviceCode(const QString &userCode);
    QJsonArray deviceCodes();

    // Devices (ids as in the certificate CN).
    bool disableDevice(const QString &deviceId);
    bool enableDevice(const QString &deviceId);
    bool deleteDevice(const QString &deviceId);
    bool expireDeviceCertificate(const QString &deviceId);
    QJsonArray devices();
    QJsonObject device(const QString &deviceId); // empty if unknown

    // Settings (README.md "Settings"), e.g. {"requireMfaForJoin": true, "joinStatus": 201}.
    bool configure(const QJsonObject &settings);
    bool setRequireMfaForJoin(bool required);

    bool addFault(const Fault &fault);
    bool clearFaults();
    // Forgets devices, device codes, refresh tokens and faults.
    bool reset();
    QJsonObject state();

    // An access token signed by fakecloud; audience "drs", "graph" or a literal aud. A negative
    // lifetime gives an expired token. Empty on failure.
    QString mintAccessToken(const QString &upn, const QString &audience = QStringLiteral("drs"),
                            qint64 lifetimeSeconds = 3599, bool mfa = false,
                            const QString &deviceId = {});

private:
    bool startOnce();
    bool post(const QString &path, const QJsonObject &body = {});

    Options m_options;
    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_process;
    quint16 m_port = 0;
    QString m_tenantId;
    QString m_tenantDomain;
    QString m_error;
};

} // namespace Entra::Test
