#pragma once

#include "keystore.h"
#include "tpmreport.h"

#include <memory>

namespace Entra {

class TpmWorker;

struct KeyStoreSelectionOptions
{
    QString stateDir; // keys go to <stateDir>/keys/tpm or <stateDir>/keys/software
    bool forceSoftware = false; // the CLI's --no-tpm
    int tpmPoolSize = 2; // > 0: the TPM store starts filling its key pool at once
};

// Which key store to use, and why: TPM when it is ready, else software with the reason recorded
// (like Windows 1809+, which completes a join with software keys when the TPM fails).
struct KeyStoreSelection
{
    std::shared_ptr<KeyStore> store;
    bool usesTpm = false;
    QString reason; // why software was chosen; empty when the TPM is used
    QList<TpmReadinessReason> tpmReasons;

    QString providerName() const { return store ? store->providerName() : QString(); }
};

class KeyStoreSelector
{
public:
    static KeyStoreSelection select(const TpmReport &report, std::shared_ptr<TpmWorker> worker,
                                    const KeyStoreSelectionOptions &options);
    static QString tpmKeyDirectory(const QString &stateDir);
    static QString softwareKeyDirectory(const QString &stateDir);
};

} // namespace Entra
