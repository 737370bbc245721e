#include "bundlecommand.h"

#include "bundle/bundlereexport.h"
#include "bundle/supportbundlereader.h"
#include "bundle/supportbundlewriter.h"
#include "diagnostics/diagnosticsources.h"
#include "dsregcmd/statusimport.h"
#include "local/deviceenvironment.h"
#include "local/thisdevicebundle.h"
#include "thisdevicecollection.h"

using namespace Qt::Literals::StringLiterals;

namespace Entra::Cli {

QString BundleCommand::name() const
{
    return u"bundle"_s;
}

QString BundleCommand::summary() const
{
    return u"Write a support bundle (a zip with the status, findings, TPM report, certificates, "
           u"logs, connectivity and an HTML report; never a secret)."_s;
}

QString BundleCommand::argumentsSyntax() const
{
    return u"export OUT.zip"_s;
}

QList<QCommandLineOption> BundleCommand::options() const
{
    return {
        { u"import"_s,
          u"Bundle the dsregcmd output, status JSON or bundle in FILE instead of this "
          u"device."_s,
          u"FILE"_s },
        { u"evtx"_s, u"Add an event log file (.evtx) as it is; may be repeated."_s, u"FILE"_s },
        { u"redact-identities"_s, u"Mask user names (UPNs) and tenant ids."_s },
        { u"no-connectivity"_s,
          u"Do not test DNS, TCP, TLS and HTTP to the endpoints from this device "
          u"(connectivity.json then says so)."_s },
    };
}

bool BundleCommand::usesDeviceState(const QCommandLineParser &parser) const
{
    return !parser.isSet(u"import"_s);
}

int BundleCommand::run(const Invocation &invocation)
{
    const QCommandLineParser &parser = invocation.parser;
    if (invocation.arguments.size() != 2 || invocation.arguments.constFirst() != u"export") {
        invocation.err << "Usage: entra-doctor bundle export OUT.zip [--import FILE] "
                          "[--evtx FILE]... [--redact-identities] [--no-connectivity]\n";
        return ExitUsage;
    }
    const QString out = invocation.arguments.at(1);
    auto fail = [&invocation](const Error &error) {
        invocation.err << "entra-doctor bundle: " << error.message << '\n';
        if (!error.fix.isEmpty())
            invocation.err << error.fix << '\n';
        return ExitUsage;
    };

    Bundle::SupportBundleContent content;
    content.redactIdentities = parser.isSet(u"redact-identities"_s);
    if (parser.isSet(u"import"_s)) {
        Result<StatusImport::ImportedStatus> imported
            = StatusImport::openFile(parser.value(u"import"_s));
        if (!imported)
            return fail(imported.error());
        if (imported->bundle)
            content = Bundle::BundleReexport::contentOf(*imported->bundle);
        content.snapshot = std::move(imported->snapshot);
        content.redactIdentities = parser.isSet(u"redact-identities"_s);
    } else {
        auto environment = std::make_shared<DeviceEnvironment>(invocation.global.environment());
        const bool redact = content.redactIdentities;
        content = ThisDeviceBundle::collect(
            *environment, collectThisDevice(environment),
            { !invocation.global.noTpm, !parser.isSet(u"no-connectivity"_s) });
        content.redactIdentities = redact;
    }
    content.eventFiles << parser.values(u"evtx"_s);
    if (!content.eventFiles.isEmpty()) {
        Result<QList<Events::EventRecord>> events
            = DiagnosticSources::readEvents(content.eventFiles);
        if (!events)
            return fail(events.error());
        content.events = std::move(events).value();
    }

    Result<Bundle::Manifest> written = Bundle::SupportBundleWriter::write(out, content);
    if (!written)
        return fail(written.error());
    invocation.out << "Support bundle written to " << out << " (" << written->entries.size() + 1
                   << " entries).\n";
    if (content.connectivity && content.connectivity->measured)
        invocation.out << "Connectivity: "
                       << content.connectivity->results.size() - content.connectivity->failures()
                       << " of " << content.connectivity->results.size()
                       << " endpoints reachable.\n";
    for (const QString &note : written->notes)
        invocation.out << "Note: " << note << '\n';
    return ExitOk;
}

} // namespace Entra::Cli
