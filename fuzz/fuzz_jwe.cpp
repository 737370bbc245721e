// Compact JWEs from the token service (PROTOCOL.md §6.2, §6.4): parsing, the session key's
// decryption of an answer (AES-CBC with a 16-byte IV, AES-GCM with 12) and the decrypted JSON,
// plus the sealed PRT at rest (SessionKey::unseal). The session key is the captured one of
// tests/data/prt, opened once with the captured transport key in a software key store.
#include "fuzzsupport.h"

#include "prt/jose.h"
#include "prt/prtresponse.h"
#include "prt/sessionkey.h"
#include "tpm/softwarekeystore.h"

#include <QFile>
#include <QTemporaryDir>

#include <memory>

using namespace Entra;
using namespace Qt::Literals::StringLiterals;

namespace {

const QString kTransportKeyId = u"0b6ad1a5-6a0c-4c1f-9d5e-2f7b7f0e4d11"_s; // a GUID, as key ids are

struct Keys
{
    QTemporaryDir directory;
    std::unique_ptr<SoftwareKeyStore> store;
    std::optional<SessionKey> sessionKey;
};

Keys *keys = nullptr;

QByteArray readData(const QString &name)
{
    QFile file(QStringLiteral(ENTRA_TEST_DATA_DIR "/prt/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("fuzz_jwe: cannot read %s", qPrintable(file.fileName()));
    return file.readAll();
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    Fuzz::initialize(argc, argv);
    keys = new Keys;
    keys->store = std::make_unique<SoftwareKeyStore>(keys->directory.path());
    for (const auto &[from, to] :
         {std::pair{u"captured-transport-key.pem"_s, keys->store->privateKeyPath(kTransportKeyId)},
          std::pair{u"captured-transport-key.pub.pem"_s,
                    keys->store->publicKeyPath(kTransportKeyId)}}) {
        QFile out(to);
        if (!out.open(QIODevice::WriteOnly) || out.write(readData(from)) <= 0)
            qFatal("fuzz_jwe: cannot write %s", qPrintable(to));
    }
    const Result<Jose::CompactJwe> jwe =
        Jose::CompactJwe::parse(readData(u"captured-session-key.jwe"_s));
    if (!jwe)
        qFatal("fuzz_jwe: the captured session key JWE does not parse");
    Result<SessionKey> key = SessionKey::fromSessionKeyJwe(*keys->store, kTransportKeyId, *jwe);
    if (!key)
        qFatal("fuzz_jwe: %s", qPrintable(key.error().message));
    keys->sessionKey = *key;
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = Fuzz::bytes(data, size);
    const SessionKey &sessionKey = *keys->sessionKey;

    (void)sessionKey.unseal(input);

    const Result<Jose::CompactJwe> jwe = Jose::CompactJwe::parse(input);
    if (!jwe)
        return 0;
    if (const Result<QByteArray> plain = sessionKey.decryptResponse(*jwe))
        (void)PrtResponse::fromJson(*plain);
    // A session_key_jwe: RSA-OAEP with the transport key (only worth the private-key operation
    // when the encrypted key has the modulus' size).
    if (jwe->encryptedKey.size() == 256)
        (void)SessionKey::fromSessionKeyJwe(*keys->store, kTransportKeyId, *jwe);
    return 0;
}
