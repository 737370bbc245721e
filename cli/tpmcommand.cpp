#include "tpmcommand.h"

#include "tpm/keystoreselection.h"
#include "tpm/tpmprobe.h"
#include "tpm/tpmworker.h"

#include <QJsonDocument>

#include <cstdio>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Cli {

QString TpmCommand::name() const
{
    return u"tpm"_s;
}

QString TpmCommand::summary() const
{
    return u"Check whether the TPM is ready to hold registration keys (like Get-Tpm)."_s;
}

QList<QCommandLineOption> TpmCommand::options() const
{
    return {
        { u"json"_s, u"Print JSON with Get-Tpm's property names plus the TPM 2.0 details."_s },
    };
}

int TpmCommand::run(const Invocation &invocation)
{
    if (!invocation.arguments.isEmpty()) {
        invocation.err << "entra-doctor tpm: unexpected argument '"
                       << invocation.arguments.constFirst() << "'.\n";
        return ExitUsage;
    }

    TctiOptions tcti;
    tcti.explicitTcti = invocation.global.tcti;
    auto worker = std::make_shared<TpmWorker>(tcti);
    const TpmReport report = TpmProbe::runSync(*worker);
    // Which provider registration would use; nothing is created on disk.
    const KeyStoreSelection selection = KeyStoreSelector::select(
        report, worker, { invocation.global.stateDir, invocation.global.noTpm, 0 });

    if (invocation.parser.isSet(u"json"_s)) {
        QJsonObject json = report.toJson();
        json.insert(u"KeyProvider"_s, selection.providerName());
        json.insert(u"KeyProviderReason"_s, selection.reason);
        invocation.out.flush();
        const QByteArray bytes = QJsonDocument(json).toJson(QJsonDocument::Indented);
        std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
        return report.ready() ? ExitOk : ExitProblems;
    }

    QTextStream &out = invocation.out;
    if (report.ready()) {
        out << "The TPM is ready for use.\n";
    } else {
        out << "The TPM is not ready for use:\n";
        for (const TpmReadinessReason &reason : report.reasons) {
            out << "  - " << reason.message << '\n';
            if (!reason.fix.isEmpty())
                out << "    Fix: " << reason.fix << '\n';
            if (invocation.global.verbose && !reason.detail.isEmpty())
                out << "    Detail: " << reason.detail << '\n';
        }
    }
    out << "Keys: " << selection.providerName();
    if (!selection.reason.isEmpty())
        out << " (" << selection.reason << ')';
    out << "\n\n";

    // Format-List style, as Get-Tpm prints.
    const QList<std::pair<QString, QString>> rows = report.properties();
    qsizetype width = 0;
    for (const auto &[name, value] : rows)
        width = qMax(width, name.size());
    for (const auto &[name, value] : rows)
        out << name.leftJustified(width) << " : " << value << '\n';
    return report.ready() ? ExitOk : ExitProblems;
}

} // namespace Entra::Cli
