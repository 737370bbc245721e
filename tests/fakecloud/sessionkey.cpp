#include "sessionkey.h"

#include "cipher.h"
#include "encoding.h"

#include <QCryptographicHash>

using namespace Qt::Literals::StringLiterals;

namespace FakeCloud::SessionKey {

namespace {

constexpr int ResponseCtxSize = 24; // as Windows, ROAD and AADInternals
constexpr char TransportHeader[] = R"({"enc":"A256GCM","alg":"RSA-OAEP"})";

QByteArray segment(const QByteArray &data)
{
    return Encoding::base64Url(data);
}

} // namespace

QByteArray derive(const QByteArray &sessionKey, const QByteArray &context)
{
    QByteArray message("\x00\x00\x00\x01", 4);
    message.append(KdfLabel);
    message.append('\0');
    message.append(context);
    message.append(QByteArray("\x00\x00\x01\x00", 4)); // L = 256 bits
    return Cipher::hmacSha256(sessionKey, message);
}

QByteArray contextV2(const QByteArray &ctx, const QByteArray &payload)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(ctx);
    hash.addData(payload);
    return hash.result();
}

Expected<QByteArray> requestKey(const QByteArray &sessionKey, const QJsonObject &header,
                                const QByteArray &payload, bool *unsupportedKdf)
{
    if (unsupportedKdf)
        *unsupportedKdf = false;
    if (!header.value(u"ctx"_s).isString())
        return Failure { u"the JWT header has no ctx"_s };
    const auto ctx = Encoding::fromStrictBase64(header.value(u"ctx"_s).toString().toLatin1());
    if (!ctx)
        return Failure { u"the ctx header is not standard base64 with padding"_s };
    const QJsonValue version = header.value(u"kdf_ver"_s);
    const QString versionText
        = version.isDouble() ? QString::number(version.toDouble()) : version.toString();
    if (version.isUndefined() || versionText == u"1"_s)
        return derive(sessionKey, *ctx);
    if (versionText == u"2"_s)
        return derive(sessionKey, contextV2(*ctx, payload));
    if (unsupportedKdf)
        *unsupportedKdf = true;
    return Failure { u"Symmetric Key Derivation Function version '%1' is invalid."_s.arg(
        versionText) };
}

Expected<QByteArray> sealedMarker(const QByteArray &sessionKey, const QByteArray &iv)
{
    // AADInternals observed the payload to be 0x20; nobody reads it, but it must decrypt.
    auto sealed = Cipher::aes256GcmEncrypt(sessionKey, iv, QByteArray(1, ' '), {});
    if (!sealed)
        return Failure { sealed.error() };
    return QByteArray(segment(sealed->ciphertext) + '.' + segment(sealed->tag));
}

Expected<QByteArray> transportJwe(const Ssl::Key &transportKey, const QByteArray &sessionKey)
{
    auto encryptedKey = Cipher::rsaOaepSha1Encrypt(transportKey, sessionKey);
    if (!encryptedKey)
        return Failure { encryptedKey.error() };
    const QByteArray iv = Cipher::randomBytes(12);
    auto marker = sealedMarker(sessionKey, iv);
    if (!marker)
        return Failure { marker.error() };
    QByteArray jwe = segment(TransportHeader);
    jwe.append('.').append(segment(encryptedKey.value())).append('.').append(segment(iv));
    jwe.append('.').append(marker.value());
    return jwe;
}

Expected<QByteArray> encryptResponse(const QByteArray &sessionKey, const QByteArray &plain,
                                     ResponseCipher cipher)
{
    return encryptResponse(sessionKey, plain, cipher, Cipher::randomBytes(ResponseCtxSize),
                           Cipher::randomBytes(cipher == ResponseCipher::Cbc ? 16 : 12));
}

Expected<QByteArray> encryptResponse(const QByteArray &sessionKey, const QByteArray &plain,
                                     ResponseCipher cipher, const QByteArray &ctx,
                                     const QByteArray &iv)
{
    // Key order as Entra writes it (alg, enc, ctx), so the header bytes match the real ones.
    const QByteArray header = R"({"alg":"dir","enc":"A256GCM","ctx":")" + ctx.toBase64() + R"("})";
    const QByteArray headerSegment = segment(header);
    const QByteArray key = derive(sessionKey, ctx);
    QByteArray ciphertext;
    QByteArray tag;
    if (cipher == ResponseCipher::Cbc) {
        auto encrypted = Cipher::aes256CbcEncrypt(key, iv, plain);
        if (!encrypted)
            return Failure { encrypted.error() };
        ciphertext = encrypted.value();
    } else {
        auto sealed = Cipher::aes256GcmEncrypt(key, iv, plain, headerSegment);
        if (!sealed)
            return Failure { sealed.error() };
        ciphertext = sealed->ciphertext;
        tag = sealed->tag;
    }
    QByteArray jwe = headerSegment;
    jwe.append("..").append(segment(iv)).append('.').append(segment(ciphertext)).append('.');
    jwe.append(segment(tag));
    return jwe;
}

} // namespace FakeCloud::SessionKey
