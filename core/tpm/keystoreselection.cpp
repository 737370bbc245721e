#include "keystoreselection.h"

#include "softwarekeystore.h"
#include "tpmkeystore.h"
#include "tpmworker.h"

using namespace Qt::Literals::StringLiterals;

namespace Entra {

QString KeyStoreSelector::tpmKeyDirectory(const QString &stateDir)
{
    return stateDir + u"/keys/tpm"_s;
}

QString KeyStoreSelector::softwareKeyDirectory(const QString &stateDir)
{
    return stateDir + u"/keys/software"_s;
}

KeyStoreSelection KeyStoreSelector::select(const TpmReport &report,
                                           std::shared_ptr<TpmWorker> worker,
                                           const KeyStoreSelectionOptions &options)
{
    KeyStoreSelection selection;
    if (!options.forceSoftware && worker && report.ready()) {
        selection.usesTpm = true;
        auto store = std::make_shared<TpmKeyStore>(
            std::move(worker), tpmKeyDirectory(options.stateDir), options.tpmPoolSize);
        // Start pre-generating PIN keys now, in the background, so PIN set-up will not wait.
        if (options.tpmPoolSize > 0)
            store->pool().fill();
        selection.store = std::move(store);
        return selection;
    }

    selection.store = std::make_shared<SoftwareKeyStore>(softwareKeyDirectory(options.stateDir));
    if (options.forceSoftware) {
        selection.reason = u"TPM use is turned off (--no-tpm)."_s;
    } else if (!worker) {
        selection.reason = u"No TPM worker is running."_s;
    } else {
        selection.tpmReasons = report.reasons;
        QStringList messages;
        for (const TpmReadinessReason &reason : report.reasons)
            messages << reason.message;
        if (messages.isEmpty())
            messages << u"The TPM is not ready."_s;
        selection.reason = u"The TPM is not ready: "_s + messages.join(u' ');
    }
    return selection;
}

} // namespace Entra
