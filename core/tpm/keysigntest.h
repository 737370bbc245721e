#pragma once

#include "keystore.h"

#include <QFuture>
#include <QJsonObject>

#include <memory>
#include <optional>

namespace Entra {

struct KeySignTestInput
{
    QString keyId;
    QByteArray certificate; // the device certificate (DER or PEM); preferred when given
    QByteArray publicKeyDer; // else this SubjectPublicKeyInfo; else the stored public key
    QString pin;
};

// dsregcmd's KeySignTest: sign a fresh random challenge with the device key and verify the
// signature with the public key of the device certificate.
struct KeySignTestResult
{
    bool passed = false;
    QString keyId;
    QString provider;
    bool tpmProtected = false;
    QString verifiedAgainst; // "certificate", "public key", "stored public key"
    std::optional<Error> error;

    QString statusText() const
    {
        return passed ? QStringLiteral("PASSED") : QStringLiteral("FAILED");
    }
    // {"KeySignTest": "PASSED", "TpmProtected": "YES", "KeyProvider": "...", ...}, dsregcmd style.
    QJsonObject toJson() const;
};

class KeySignTest
{
public:
    static KeySignTestResult run(KeyStore &store, const KeySignTestInput &input);
    // Runs on a pool thread (the TPM part on the TPM worker thread); never blocks the caller.
    static QFuture<KeySignTestResult> start(std::shared_ptr<KeyStore> store,
                                            KeySignTestInput input);
};

} // namespace Entra
