#include "keysigntest.h"

#include <QPromise>
#include <QRandomGenerator>
#include <QThreadPool>

using namespace Qt::Literals::StringLiterals;

namespace Entra {

namespace {

QByteArray freshChallenge()
{
    QByteArray challenge(32, Qt::Uninitialized);
    QRandomGenerator::system()->generate(challenge.begin(), challenge.end());
    return QByteArrayLiteral("entra-doctor-keysigntest:") + challenge.toHex();
}

} // namespace

QJsonObject KeySignTestResult::toJson() const
{
    QJsonObject json {
        { u"KeySignTest"_s, statusText() },
        { u"TpmProtected"_s, tpmProtected ? u"YES"_s : u"NO"_s },
        { u"KeyProvider"_s, provider },
        { u"KeyContainerId"_s, keyId },
        { u"VerifiedAgainst"_s, verifiedAgainst },
    };
    if (error) {
        json.insert(u"Error"_s,
                    QJsonObject {
                        { u"Domain"_s, errorDomainName(error->domain) },
                        { u"Code"_s, error->code },
                        { u"Message"_s, error->message },
                        { u"Fix"_s, error->fix },
                        { u"Detail"_s, error->detail },
                    });
    }
    return json;
}

KeySignTestResult KeySignTest::run(KeyStore &store, const KeySignTestInput &input)
{
    KeySignTestResult result;
    result.keyId = input.keyId;
    result.provider = store.providerName();
    result.tpmProtected = store.isHardwareBacked();

    std::optional<Result<RsaPublicKey>> verifier;
    if (!input.certificate.isEmpty()) {
        result.verifiedAgainst = u"certificate"_s;
        verifier = RsaPublicKey::fromCertificate(input.certificate);
    } else if (!input.publicKeyDer.isEmpty()) {
        result.verifiedAgainst = u"public key"_s;
        verifier = RsaPublicKey::fromDer(input.publicKeyDer);
    } else {
        result.verifiedAgainst = u"stored public key"_s;
        verifier = store.publicKey(input.keyId);
    }
    if (!*verifier) {
        result.error = verifier->error();
        return result;
    }

    const QByteArray challenge = freshChallenge();
    const Result<QByteArray> signature = store.signSha256(input.keyId, challenge, input.pin);
    if (!signature) {
        result.error = signature.error();
        return result;
    }
    const Status verified = (*verifier)->verifySha256(challenge, *signature);
    if (!verified) {
        result.error = verified.error();
        return result;
    }
    result.passed = true;
    return result;
}

QFuture<KeySignTestResult> KeySignTest::start(std::shared_ptr<KeyStore> store,
                                              KeySignTestInput input)
{
    auto promise = std::make_shared<QPromise<KeySignTestResult>>();
    QFuture<KeySignTestResult> future = promise->future();
    promise->start();
    QThreadPool::globalInstance()->start(
        [promise, store = std::move(store), input = std::move(input)] {
            promise->addResult(run(*store, input));
            promise->finish();
        });
    return future;
}

} // namespace Entra
