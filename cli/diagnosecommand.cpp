#include "diagnosecommand.h"

#include "certs/devicecertificatecheck.h"
#include "cloud/cloudhttp.h"
#include "cloudcheck/clouddevicecheck.h"
#include "connectivity/connectivitycheck.h"
#include "diagnostics/diagnosticengine.h"
#include "diagnostics/diagnosticsources.h"
#include "dsregcmd/statusimport.h"
#include "local/deviceenvironment.h"
#include "state/sections.h"
#include "thisdevicecollection.h"
#include "tpm/tpmprobe.h"
#include "tpm/tpmworker.h"

#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>

#include <cstdio>
#include <memory>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Cli {
namespace {

Result<StatusSnapshot> importOne(const QString &path)
{
    if (path != u"-")
        return StatusImport::fromFile(path);
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return Error { ErrorDomain::Io, 0, u"Cannot read standard input."_s, {}, {} };
    return StatusImport::fromBytes(in.readAll(), u"standard input"_s);
}

// The network from this machine to each endpoint; waits for the probes (the CLI may).
Result<QList<Finding>> checkConnectivity(const GlobalOptions &global, const QString &tenant)
{
    const DeviceEnvironmentOptions environment = global.environment();
    Result<ConnectivityOptions> options = connectivityOptionsFor(environment);
    if (!options)
        return options.error();
    ConnectivityCheck check(connectivityTargetsFor(environment, tenant), *options);
    QEventLoop loop;
    bool done = false;
    QObject::connect(&check, &ConnectivityCheck::finished, &loop, [&loop, &done] {
        done = true;
        loop.quit();
    });
    check.start();
    if (!done)
        loop.exec();
    return ConnectivityCheck::findings(check.results());
}

// The helpdesk's cloud check: a device-code sign-in (the code goes to stderr), then Graph.
Result<std::optional<CloudDeviceRecord>> lookUpCloudDevice(const Invocation &invocation,
                                                           const StatusSnapshot &snapshot)
{
    DeviceEnvironment environment(invocation.global.environment());
    CloudHttp http;
    if (const Status trusted = environment.configure(http); !trusted)
        return trusted.error();
    const auto tenant = readSection<TenantDetails>(snapshot);
    QString tenantId = tenant.tenantId.value_or(QString());
    if (const auto accounts = snapshot.sectionsStartingWith(WorkAccount::kTitle);
        tenantId.isEmpty() && !accounts.isEmpty())
        tenantId
            = readSection<WorkAccount>(accounts.constFirst()).workplaceTenantId.value_or(QString());
    CloudDeviceCheck check(http, environment.endpoints());
    QObject::connect(&check, &CloudDeviceCheck::signInRequired, &check,
                     [&invocation](const QString &message, const QUrl &url, const QString &code) {
                         invocation.err
                             << (message.isEmpty()
                                     ? u"To sign in, open %1 and enter the code %2."_s.arg(
                                         url.toString(), code)
                                     : message)
                             << '\n';
                         invocation.err.flush();
                     });
    std::optional<Result<std::optional<CloudDeviceRecord>>> result;
    QEventLoop loop;
    QObject::connect(&check, &CloudDeviceCheck::finished, &loop,
                     [&result, &loop](const Result<std::optional<CloudDeviceRecord>> &r) {
                         result = r;
                         loop.quit();
                     });
    check.start(tenantId, ExpectedDeviceIdentity::fromSnapshot(snapshot).deviceId);
    if (!result)
        loop.exec();
    return *result;
}

void printFinding(QTextStream &out, const Finding &f)
{
    out << '[' << outcomeLabel(f.outcome).toUpper() << "] " << f.title << "  (" << f.id << ")\n";
    for (const QString &line : f.evidence)
        out << "    Evidence: " << line << '\n';
    if (!f.cause.isEmpty())
        out << "    Cause: " << f.cause << '\n';
    for (qsizetype i = 0; i < f.fixSteps.size(); ++i)
        out << "    Fix " << (i + 1) << ": " << f.fixSteps.at(i) << '\n';
    if (!f.reference.isEmpty())
        out << "    Reference: " << f.reference << '\n';
}

void printText(QTextStream &out, const DiagnosticReport &report, bool verbose)
{
    out << "Diagnostics for " << report.source << '\n';
    if (report.referenceTime.isValid())
        out << "Ages judged at " << report.referenceTime.toString(Qt::ISODate) << " ("
            << report.referenceTimeSource << ")\n";
    else
        out << "Capture time unknown: age checks (stale PRT, expiry) are skipped.\n";
    out << countOutcome(report.findings, CheckOutcome::Fail) << " problem(s), "
        << countOutcome(report.findings, CheckOutcome::Warn) << " warning(s), "
        << countOutcome(report.findings, CheckOutcome::Info) << " note(s), "
        << countOutcome(report.findings, CheckOutcome::Pass) << " passed, "
        << countOutcome(report.findings, CheckOutcome::Skip) << " skipped\n";
    for (const Finding &f : report.findings) {
        if (f.outcome == CheckOutcome::Pass || f.outcome == CheckOutcome::Skip)
            continue;
        out << '\n';
        printFinding(out, f);
    }
    out << "\nOther checks:\n";
    for (const Finding &f : report.findings) {
        if (f.outcome != CheckOutcome::Pass && f.outcome != CheckOutcome::Skip)
            continue;
        out << "  [" << outcomeLabel(f.outcome).toUpper() << "] " << f.title << "  (" << f.id
            << ")\n";
        if (verbose)
            for (const QString &line : f.evidence)
                out << "      " << line << '\n';
    }
}

} // namespace

QString DiagnoseCommand::name() const
{
    return u"diagnose"_s;
}

QString DiagnoseCommand::summary() const
{
    return u"Find what is wrong and how to fix it (exit code 1 when a check fails)."_s;
}

QList<QCommandLineOption> DiagnoseCommand::options() const
{
    return {
        { u"json"_s, u"Print the findings as JSON."_s },
        { u"import"_s,
          u"Diagnose this dsregcmd output or status JSON (- for standard input) "
          u"instead of this device; repeat to combine the user's and the elevated "
          u"output."_s,
          u"FILE"_s },
        { u"evtx"_s, u"Also read this event log (.evtx) of the same device; repeatable."_s,
          u"FILE"_s },
        { u"cert"_s,
          u"Also check this device certificate (PEM, DER, PFX without password); "
          u"repeatable."_s,
          u"FILE"_s },
        { u"cloud-check"_s,
          u"Sign in (device code, as a helpdesk account that may read devices) and compare "
          u"with the device object in Entra ID: exists, enabled, certificate bound, not "
          u"stale."_s },
        { u"connectivity"_s,
          u"Also test DNS, TCP, TLS and HTTP from this machine to login, device.login, DRS "
          u"discovery and Graph (honours --cloud, --ca-file and the proxy environment)."_s },
        { u"graph-device"_s,
          u"Compare with this Graph device object (JSON of GET "
          u"/v1.0/devices?$filter=deviceId eq '<id>')."_s,
          u"FILE"_s },
    };
}

bool DiagnoseCommand::usesDeviceState(const QCommandLineParser &parser) const
{
    return !parser.isSet(u"import"_s);
}

int DiagnoseCommand::run(const Invocation &invocation)
{
    QTextStream &err = invocation.err;
    if (!invocation.arguments.isEmpty()) {
        err << "entra-doctor diagnose: unexpected argument '" << invocation.arguments.constFirst()
            << "'.\n";
        return ExitUsage;
    }
    const QCommandLineParser &parser = invocation.parser;
    auto fail = [&err](const Error &error) {
        err << "entra-doctor diagnose: " << error.message << '\n';
        if (!error.fix.isEmpty())
            err << error.fix << '\n';
        return ExitUsage;
    };

    DiagnosticInput input;
    if (parser.isSet(u"import"_s)) {
        QList<StatusSnapshot> snapshots;
        for (const QString &path : parser.values(u"import"_s)) {
            Result<StatusSnapshot> imported = importOne(path);
            if (!imported)
                return fail(imported.error());
            snapshots << std::move(imported).value();
        }
        input.snapshot = DiagnosticSources::merge(snapshots);
    } else {
        // This device: its own clock and its own TPM count.
        auto environment = std::make_shared<DeviceEnvironment>(invocation.global.environment());
        input.snapshot = collectThisDevice(environment);
        input.now = QDateTime::currentDateTimeUtc();
        if (!invocation.global.noTpm)
            input.tpm = TpmProbe::runSync(*environment->tpmWorker());
    }
    if (parser.isSet(u"evtx"_s)) {
        Result<QList<Events::EventRecord>> events
            = DiagnosticSources::readEvents(parser.values(u"evtx"_s));
        if (!events)
            return fail(events.error());
        input.events = std::move(events).value();
    }
    if (parser.isSet(u"cert"_s)) {
        Result<QList<DeviceCertificate>> certificates
            = DiagnosticSources::readCertificates(parser.values(u"cert"_s));
        if (!certificates)
            return fail(certificates.error());
        input.certificates = std::move(certificates).value();
    }
    if (parser.isSet(u"graph-device"_s)) {
        Result<CloudDeviceRecord> cloud
            = DiagnosticSources::readGraphDevice(parser.value(u"graph-device"_s));
        if (!cloud)
            return fail(cloud.error());
        input.cloudDevice = std::move(cloud).value();
    }

    if (parser.isSet(u"cloud-check"_s)) {
        const Result<std::optional<CloudDeviceRecord>> cloud
            = lookUpCloudDevice(invocation, input.snapshot);
        if (cloud) {
            input.cloudLookedUp = true;
            input.cloudDevice = *cloud;
        } else {
            err << "entra-doctor diagnose: the cloud check could not run: " << cloud.error().message
                << '\n';
            if (!cloud.error().fix.isEmpty())
                err << cloud.error().fix << '\n';
        }
    }
    DiagnosticReport report = DiagnosticEngine::run(input);
    if (parser.isSet(u"connectivity"_s)) {
        const auto tenant = readSection<TenantDetails>(input.snapshot);
        Result<QList<Finding>> network = checkConnectivity(
            invocation.global, tenant.tenantId.value_or(tenant.tenantName.value_or(QString())));
        if (!network)
            return fail(network.error());
        report.findings << *network;
        sortBySeverity(report.findings);
    }
    if (parser.isSet(u"json"_s)) {
        invocation.out.flush();
        const QByteArray json = QJsonDocument(report.toJson()).toJson();
        std::fwrite(json.constData(), 1, size_t(json.size()), stdout);
    } else {
        printText(invocation.out, report, invocation.global.verbose);
    }
    return report.hasFailure() ? ExitProblems : ExitOk;
}

} // namespace Entra::Cli
