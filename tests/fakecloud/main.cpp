// fakecloud: a local emulator of the Entra ID endpoints Entra Doctor talks to (see README.md).

#include "cloud.h"
#include "httpsserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QSaveFile>

#include <cstdio>

using namespace Qt::Literals::StringLiterals;

namespace {

QByteArray readAll(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"cannot read %1: %2"_s.arg(path, file.errorString());
        return {};
    }
    return file.readAll();
}

int fail(const QString &message)
{
    std::fprintf(stderr, "fakecloud: %s\n", qPrintable(message));
    return 1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"fakecloud"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(ENTRA_DOCTOR_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"A local emulator of Entra ID discovery, device-code sign-in, device registration and "
        "Graph, over TLS with its own test CA."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption port(u"port"_s, u"Port on 127.0.0.1 (0 = any free port)."_s, u"PORT"_s,
                                  u"0"_s);
    const QCommandLineOption caOut(u"ca-out"_s, u"Write the TLS CA certificate (PEM) to FILE."_s,
                                   u"FILE"_s);
    const QCommandLineOption autoApprove(u"auto-approve"_s, u"Approve every device code as UPN."_s,
                                         u"UPN"_s);
    const QCommandLineOption autoApproveMfa(u"auto-approve-mfa"_s,
                                            u"Auto-approvals count as MFA sign-ins."_s);
    const QCommandLineOption stateDir(
        u"state-dir"_s, u"Keep state and keys in DIR (reloaded at start)."_s, u"DIR"_s);
    const QCommandLineOption caCert(u"ca-cert"_s, u"TLS CA certificate to use (PEM)."_s, u"PEM"_s);
    const QCommandLineOption caKey(u"ca-key"_s, u"Private key of --ca-cert (PEM)."_s, u"PEM"_s);
    const QCommandLineOption tenantId(u"tenant-id"_s, u"Tenant id (default: a new GUID)."_s,
                                      u"GUID"_s);
    const QCommandLineOption tenantDomain(
        u"tenant-domain"_s, u"Tenant domain (default contoso.onmicrosoft.com)."_s, u"DOMAIN"_s);
    const QCommandLineOption interval(
        u"interval"_s, u"Device-code polling interval in seconds (default 5)."_s, u"SECONDS"_s);
    parser.addOptions({ port, caOut, autoApprove, autoApproveMfa, stateDir, caCert, caKey, tenantId,
                        tenantDomain, interval });
    parser.process(app);

    FakeCloud::Options options;
    options.stateDir = parser.value(stateDir);
    options.autoApproveUpn = parser.value(autoApprove);
    options.autoApproveMfa = parser.isSet(autoApproveMfa);
    options.tenantId = parser.value(tenantId);
    if (parser.isSet(tenantDomain))
        options.tenantDomain = parser.value(tenantDomain);
    if (parser.isSet(interval)) {
        bool ok = false;
        options.deviceCodeInterval = parser.value(interval).toInt(&ok);
        if (!ok || options.deviceCodeInterval < 0)
            return fail(u"--interval needs a number of seconds"_s);
    }
    if (parser.isSet(caCert) != parser.isSet(caKey))
        return fail(u"--ca-cert and --ca-key go together"_s);
    QString error;
    if (parser.isSet(caCert)) {
        options.caCertPem = readAll(parser.value(caCert), &error);
        if (error.isEmpty())
            options.caKeyPem = readAll(parser.value(caKey), &error);
        if (!error.isEmpty())
            return fail(error);
    }
    bool portOk = false;
    const uint requestedPort = parser.value(port).toUInt(&portOk);
    if (!portOk || requestedPort > 65535)
        return fail(u"--port needs a number 0..65535"_s);

    auto cloud = FakeCloud::Cloud::create(options);
    if (!cloud)
        return fail(cloud.error());
    FakeCloud::HttpsServer server(*cloud.value());
    const quint16 bound = server.listenOnLoopback(quint16(requestedPort), &error);
    if (bound == 0)
        return fail(error);
    const QString baseUrl = u"https://127.0.0.1:%1"_s.arg(bound);
    cloud.value()->setFallbackBaseUrl(baseUrl);

    if (parser.isSet(caOut)) {
        QSaveFile file(parser.value(caOut));
        const QByteArray pem = cloud.value()->keys().tlsCa.certificate.pem();
        if (!file.open(QIODevice::WriteOnly) || file.write(pem) != pem.size() || !file.commit())
            return fail(u"cannot write %1: %2"_s.arg(parser.value(caOut), file.errorString()));
    }
    const FakeCloud::Tenant &tenant = cloud.value()->state().tenant;
    std::fprintf(stderr, "fakecloud: tenant %s (%s)%s\n", qPrintable(tenant.id),
                 qPrintable(tenant.domain),
                 options.stateDir.isEmpty() ? "" : qPrintable(u", state in "_s + options.stateDir));
    std::printf("listening on %s\n", qPrintable(baseUrl));
    std::fflush(stdout);
    return app.exec();
}
