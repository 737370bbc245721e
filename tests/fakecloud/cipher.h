#pragma once

#include "expected.h"
#include "openssl.h"

#include <QByteArray>

// The symmetric and RSA-OAEP primitives the PRT flows need (PROTOCOL.md §6), on OpenSSL.
namespace FakeCloud::Cipher {

QByteArray randomBytes(int count);
QByteArray hmacSha256(const QByteArray &key, const QByteArray &data);
// Compares without an early exit, so a MAC check leaks no timing.
bool equalConstantTime(const QByteArray &a, const QByteArray &b);

// RSA-OAEP with SHA-1 and MGF1-SHA-1, empty label (what session_key_jwe uses).
Expected<QByteArray> rsaOaepSha1Encrypt(const Ssl::Key &publicKey, const QByteArray &plain);

struct Sealed
{
    QByteArray ciphertext;
    QByteArray tag; // 16 bytes
};
Expected<Sealed> aes256GcmEncrypt(const QByteArray &key, const QByteArray &iv,
                                  const QByteArray &plain, const QByteArray &aad);
// AES-256-CBC with PKCS#7 padding.
Expected<QByteArray> aes256CbcEncrypt(const QByteArray &key, const QByteArray &iv,
                                      const QByteArray &plain);

} // namespace FakeCloud::Cipher
