#pragma once

#include "expected.h"

#include <QByteArray>
#include <QString>

#include <memory>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

// Owning handles for the OpenSSL objects fakecloud uses.
namespace FakeCloud::Ssl {

template<auto Free> struct Deleter
{
    template<typename T> void operator()(T *pointer) const { Free(pointer); }
};

using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using BignumPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using MdContextPtr = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX_free>>;
using PkeyContextPtr = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX_free>>;
using X509NamePtr = std::unique_ptr<X509_NAME, Deleter<X509_NAME_free>>;
using X509ReqPtr = std::unique_ptr<X509_REQ, Deleter<X509_REQ_free>>;
using X509ExtensionPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;
using Asn1IntegerPtr = std::unique_ptr<ASN1_INTEGER, Deleter<ASN1_INTEGER_free>>;
using Asn1OctetStringPtr = std::unique_ptr<ASN1_OCTET_STRING, Deleter<ASN1_OCTET_STRING_free>>;
using Asn1ObjectPtr = std::unique_ptr<ASN1_OBJECT, Deleter<ASN1_OBJECT_free>>;

// The text of OpenSSL's error queue (which it empties).
QString takeErrors();

// A shared, copyable handle on an EVP_PKEY (public, or public and private).
class Key
{
public:
    Key() = default;
    static Key adopt(EVP_PKEY *key); // takes ownership
    static Expected<Key> generateRsa(int bits);
    static Expected<Key> generateEcP256();
    static Expected<Key> fromPem(const QByteArray &pem); // private key PEM
    static Expected<Key> fromRsaComponents(const QByteArray &modulus, const QByteArray &exponent);

    bool isNull() const { return !m_key; }
    EVP_PKEY *get() const { return m_key.get(); }
    bool isRsa() const;
    int bits() const;
    QByteArray privatePem() const; // PKCS#8
    // DER RSAPublicKey (PKCS#1): what .NET's X509Certificate.GetPublicKey() returns.
    QByteArray rsaPublicKeyDer() const;
    QByteArray rsaModulus() const; // big-endian, minimal
    QByteArray rsaExponent() const;
    bool samePublicKey(const Key &other) const;

private:
    std::shared_ptr<EVP_PKEY> m_key;
};

// A shared, copyable handle on an X509 certificate.
class Certificate
{
public:
    Certificate() = default;
    static Certificate adopt(X509 *certificate); // takes ownership
    static Expected<Certificate> fromDer(const QByteArray &der);
    static Expected<Certificate> fromPem(const QByteArray &pem);

    bool isNull() const { return !m_certificate; }
    X509 *get() const { return m_certificate.get(); }
    QByteArray der() const;
    QByteArray pem() const;
    QString sha1Thumbprint() const; // upper-case hex over the DER
    Key publicKey() const;
    QString subjectCommonName() const;

private:
    std::shared_ptr<X509> m_certificate;
};

// RS256 over data (PKCS#1 v1.5 with SHA-256).
Expected<QByteArray> signSha256(const Key &key, const QByteArray &data);
bool verifySha256(const Key &key, const QByteArray &data, const QByteArray &signature);

// The value of one ASN.1 string as UTF-8 text.
QString asn1Text(const ASN1_STRING *string);

} // namespace FakeCloud::Ssl
