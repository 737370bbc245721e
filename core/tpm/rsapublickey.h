#pragma once

#include "common/result.h"
#include "tpmkeyblob.h"

#include <QByteArray>

namespace Entra {

// An RSA public key held as DER SubjectPublicKeyInfo, with the OpenSSL operations that check
// what a key store did: verify a signature, encrypt for a decrypt test.
class RsaPublicKey
{
public:
    static Result<RsaPublicKey> fromNumbers(const RsaPublicNumbers &numbers);
    static Result<RsaPublicKey> fromDer(const QByteArray &subjectPublicKeyInfo);
    static Result<RsaPublicKey> fromPem(const QByteArray &pem);
    // The key of an X.509 certificate, DER or PEM.
    static Result<RsaPublicKey> fromCertificate(const QByteArray &certificate);

    QByteArray der() const { return m_der; } // SubjectPublicKeyInfo
    QByteArray pem() const;
    Result<RsaPublicNumbers> numbers() const;
    int bits() const;

    // RSASSA-PKCS1-v1_5 with SHA-256 over `data`.
    Status verifySha256(const QByteArray &data, const QByteArray &signature) const;
    Result<QByteArray> encryptOaepSha1(const QByteArray &plaintext) const;
    // The raw public operation (m^e mod n) on a modulus-sized input.
    Result<QByteArray> rawPublic(const QByteArray &input) const;

private:
    explicit RsaPublicKey(QByteArray der)
        : m_der(std::move(der))
    { }
    QByteArray m_der;
};

} // namespace Entra
