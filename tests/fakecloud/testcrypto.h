#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QSslKey>
#include <QString>
#include <QUuid>

#include <memory>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <optional>

// The client side of the key material, written independently of fakecloud_core so the tests
// check fakecloud against a second implementation: keys, CSRs, BCRYPT blobs, certificate
// decoding, RS256 verification with a JWK.
namespace FakeCloudTest {

struct KeyDeleter
{
    void operator()(EVP_PKEY *key) const { EVP_PKEY_free(key); }
};
struct CertificateDeleter
{
    void operator()(X509 *certificate) const { X509_free(certificate); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, KeyDeleter>;
using CertificatePtr = std::unique_ptr<X509, CertificateDeleter>;

inline constexpr char JoinCommonName[] = "7E980AD9-B86D-4306-9425-9AC066FB014A";

KeyPtr generateRsa(int bits = 2048);
// EVP_EC_gen("P-256") without its macro's const cast (clang's -Wcast-qual).
KeyPtr generateEcP256();
// PKCS#10 DER with subject CN=commonName, signed with digest (default SHA-256).
QByteArray makeCsr(EVP_PKEY *key, const QByteArray &commonName = JoinCommonName,
                   const EVP_MD *digest = nullptr);
// BCRYPT_RSAKEY_BLOB (RSA1): LE header, BE exponent and modulus, prime lengths 0.
QByteArray rsaPublicBlob(EVP_PKEY *key);
QByteArray privateKeyPem(EVP_PKEY *key);
QSslKey qtPrivateKey(EVP_PKEY *key);

CertificatePtr certificateFromDer(const QByteArray &der);
CertificatePtr certificateFromPem(const QByteArray &pem);
QByteArray certificateDer(X509 *certificate);
QByteArray issuerDer(X509 *certificate); // the DER of the issuer Name
// The extnValue bytes of the extension with this dotted OID (empty when absent).
QByteArray extensionValue(X509 *certificate, const char *oid);
bool extensionCritical(X509 *certificate, const char *oid);
// 16 bytes Data1..Data3 little-endian, Data4 as is.
QUuid guidFromMixedEndian(const QByteArray &bytes);
QString subjectCommonName(X509 *certificate, int *asn1Type = nullptr);
// notAfter - notBefore in days and seconds.
void validitySpan(X509 *certificate, int *days, int *seconds);
qint64 notBeforeSecs(X509 *certificate);

// Verifies an RS256 compact JWS with the RSA key of a JWK ({"kty":"RSA","n","e"}).
bool verifyRs256WithJwk(const QByteArray &jws, const QJsonObject &jwk);
// Header and payload of a compact JWS (no verification).
QJsonObject jwtHeader(const QByteArray &jws);
QJsonObject jwtClaims(const QByteArray &jws);

// --- the PRT client side (PROTOCOL.md §5, §6) ---

QByteArray base64Url(const QByteArray &data);
QByteArray fromBase64Url(const QByteArray &text);
QByteArray sha256(const QByteArray &data);
// An RSA private key from PKCS#1 DER (RSAPrivateKey).
KeyPtr rsaFromPkcs1Der(const QByteArray &der);
// Compact JWS over exactly these header and payload bytes.
QByteArray signRs256(EVP_PKEY *key, const QByteArray &header, const QByteArray &payload);
QByteArray signHs256(const QByteArray &key, const QByteArray &header, const QByteArray &payload);
// SP 800-108 counter-mode HMAC-SHA256, one block: the MS-OAPXBC session-key KDF.
QByteArray deriveSessionKey(const QByteArray &sessionKey, const QByteArray &context);
// RSA-OAEP SHA-1 / MGF1-SHA-1 decryption; empty on failure.
QByteArray rsaOaepSha1Decrypt(EVP_PKEY *key, const QByteArray &ciphertext);
std::optional<QByteArray> aes256GcmDecrypt(const QByteArray &key, const QByteArray &iv,
                                           const QByteArray &ciphertext, const QByteArray &tag,
                                           const QByteArray &aad);
std::optional<QByteArray> aes256CbcDecrypt(const QByteArray &key, const QByteArray &iv,
                                           const QByteArray &ciphertext);

// The five parts of a compact JWE, decoded.
struct CompactJwe
{
    bool valid = false;
    QByteArray headerSegment; // as sent (GCM's AAD)
    QByteArray headerBytes;
    QJsonObject header;
    QByteArray encryptedKey;
    QByteArray iv;
    QByteArray ciphertext;
    QByteArray tag;
};
CompactJwe splitJwe(const QByteArray &compact);
// The 32-byte session key of a session_key_jwe (the CEK, decrypted by the transport key).
QByteArray sessionKeyFromJwe(EVP_PKEY *transportKey, const QByteArray &jwe);
// A session-key-encrypted answer: key = KDF(sessionKey, ctx); a 16-byte IV means AES-CBC,
// 12 bytes AES-GCM with the header segment as AAD.
std::optional<QByteArray> decryptSessionResponse(const QByteArray &sessionKey,
                                                 const QByteArray &jwe);

} // namespace FakeCloudTest
