#include "certificatefile.h"

#include <QFile>
#include <QFileInfo>

#include <cstring>
#include <memory>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/x509.h>

using namespace Qt::Literals::StringLiterals;

namespace Entra {
namespace {

template<typename T, void (*Free)(T *)>
using OpenSslPtr = std::unique_ptr<T, decltype([](T *p) { Free(p); })>;

Error fileError(CertificateFileError code, const QString &message, const QString &fix = {},
                const QString &detail = {})
{
    return Error { ErrorDomain::Crypto, code, message, fix, detail };
}

QString openSslErrors()
{
    QStringList messages;
    while (const unsigned long code = ERR_get_error()) {
        char text[256] = {};
        ERR_error_string_n(code, text, sizeof text);
        messages << QString::fromLatin1(text);
    }
    return messages.join(u"; "_s);
}

QByteArray toDer(X509 *cert)
{
    unsigned char *der = nullptr;
    const int size = i2d_X509(cert, &der);
    if (size <= 0)
        return {};
    QByteArray bytes(reinterpret_cast<const char *>(der), size);
    OPENSSL_free(der);
    return bytes;
}

QByteArray privateKeyToDer(EVP_PKEY *key)
{
    unsigned char *der = nullptr;
    const int size = i2d_PrivateKey(key, &der);
    if (size <= 0)
        return {};
    QByteArray bytes(reinterpret_cast<const char *>(der), size);
    OPENSSL_free(der);
    return bytes;
}

// A DER SEQUENCE whose length covers the data exactly: the shape of both a certificate and a
// PFX. Anything else is not worth handing to the DER decoders.
bool looksLikeDerSequence(const QByteArray &data)
{
    if (data.size() < 4 || quint8(data.at(0)) != 0x30)
        return false;
    const quint8 first = quint8(data.at(1));
    if (!(first & 0x80))
        return true;
    const int count = first & 0x7f;
    return count >= 1 && count <= 4;
}

bool derLengthIsTruncated(const QByteArray &data)
{
    const quint8 first = quint8(data.at(1));
    qint64 length = first, offset = 2;
    if (first & 0x80) {
        const int count = first & 0x7f;
        if (data.size() < 2 + count)
            return true;
        length = 0;
        for (int i = 0; i < count; ++i)
            length = (length << 8) | quint8(data.at(2 + i));
        offset = 2 + count;
    }
    return offset + length > data.size();
}

// Never prompts on a terminal (OpenSSL's default without a callback): the password given, or
// none.
int passwordCallback(char *buffer, int size, int, void *userData)
{
    const auto *password = static_cast<const QByteArray *>(userData);
    const int length = int(qMin<qsizetype>(password->size(), size));
    memcpy(buffer, password->constData(), size_t(length));
    return length;
}

Result<CertificateFile> readPem(const QByteArray &data, const QString &password)
{
    CertificateFile file;
    file.format = CertificateFile::Format::Pem;
    OpenSslPtr<BIO, BIO_free_all> bio(BIO_new_mem_buf(data.constData(), int(data.size())));
    while (true) {
        OpenSslPtr<X509, X509_free> cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
        if (!cert)
            break;
        Result<DeviceCertificate> read = DeviceCertificate::fromDer(toDer(cert.get()));
        if (!read)
            return read.error();
        file.certificates.append(std::move(read).value());
    }
    ERR_clear_error();
    if (file.certificates.isEmpty()) {
        const bool hasBlock = data.contains("-----BEGIN CERTIFICATE-----");
        return fileError(CertificateMalformed,
                         hasBlock ? u"The PEM certificate block is damaged (its base64 or DER "
                                    u"content does not decode)."_s
                                  : u"The PEM file holds no certificate (no \"-----BEGIN "
                                    u"CERTIFICATE-----\" block)."_s,
                         u"Export the certificate again (Base-64 encoded X.509 or DER), or the "
                         u"whole PFX with its private key."_s);
    }
    if (data.contains("PRIVATE KEY-----")) {
        OpenSslPtr<BIO, BIO_free_all> keyBio(BIO_new_mem_buf(data.constData(), int(data.size())));
        QByteArray pass = password.toUtf8();
        OpenSslPtr<EVP_PKEY, EVP_PKEY_free> key(
            PEM_read_bio_PrivateKey(keyBio.get(), nullptr, passwordCallback, &pass));
        const QString detail = openSslErrors();
        if (!key) {
            const bool encrypted = data.contains("ENCRYPTED PRIVATE KEY-----")
                || data.contains("Proc-Type: 4,ENCRYPTED");
            if (encrypted && password.isEmpty())
                return fileError(CertificatePasswordRequired,
                                 u"The private key in this PEM file is protected by a password."_s,
                                 u"Enter the password the key was exported with."_s, detail);
            if (encrypted)
                return fileError(CertificateWrongPassword,
                                 u"The password does not open the private key in this PEM file."_s,
                                 u"Check the password (it is case-sensitive) and try again."_s,
                                 detail);
            return fileError(CertificateMalformed,
                             u"The private key block in this PEM file is damaged."_s, {}, detail);
        }
        file.privateKeyDer = privateKeyToDer(key.get());
    }
    return file;
}

// PKCS#12 files from older Windows use RC2/3DES; OpenSSL 3 keeps RC2 in the legacy provider.
// Loaded once and unloaded at exit: a dropped handle kept the legacy provider and its child
// library context alive past OPENSSL_cleanup, which LeakSanitizer reported (fuzz_certificate).
// This static is destroyed before OPENSSL_cleanup runs, as OpenSSL registered that earlier.
class LegacyProviders
{
public:
    LegacyProviders()
        : m_default(OSSL_PROVIDER_load(nullptr, "default"))
        , m_legacy(OSSL_PROVIDER_load(nullptr, "legacy"))
    { }
    ~LegacyProviders()
    {
        if (m_legacy)
            OSSL_PROVIDER_unload(m_legacy);
        if (m_default)
            OSSL_PROVIDER_unload(m_default);
    }
    LegacyProviders(const LegacyProviders &) = delete;
    LegacyProviders &operator=(const LegacyProviders &) = delete;

private:
    OSSL_PROVIDER *m_default;
    OSSL_PROVIDER *m_legacy;
};

void loadLegacyProviderOnce()
{
    static const LegacyProviders providers;
}

Result<CertificateFile> readPkcs12(PKCS12 *p12, const QString &password)
{
    const QByteArray pass = password.toUtf8();
    // A file without a password opens whatever is typed; "no password" may be stored as an
    // absent or an empty one, so try both.
    const char *passArg = pass.constData();
    if (PKCS12_mac_present(p12) && PKCS12_verify_mac(p12, passArg, int(pass.size())) != 1) {
        if (PKCS12_verify_mac(p12, nullptr, 0) == 1)
            passArg = nullptr;
        else if (PKCS12_verify_mac(p12, "", 0) == 1)
            passArg = "";
        else if (password.isEmpty())
            return fileError(CertificatePasswordRequired,
                             u"This PFX (PKCS#12) file is protected by a password."_s,
                             u"Enter the password the file was exported with."_s, openSslErrors());
        else
            return fileError(
                CertificateWrongPassword, u"The password is wrong for this PFX (PKCS#12) file."_s,
                u"Check the password (it is case-sensitive) and try again."_s, openSslErrors());
    }
    ERR_clear_error();

    EVP_PKEY *key = nullptr;
    X509 *cert = nullptr;
    STACK_OF(X509) *chain = nullptr;
    int ok = PKCS12_parse(p12, passArg, &key, &cert, &chain);
    if (ok != 1) {
        ERR_clear_error();
        loadLegacyProviderOnce();
        ok = PKCS12_parse(p12, passArg, &key, &cert, &chain);
    }
    if (ok != 1)
        return fileError(CertificateMalformed,
                         u"The PFX (PKCS#12) file opened, but its contents could not be decrypted "
                         u"or decoded."_s,
                         u"Export it again from the certificate store (Personal Information "
                         u"Exchange, with the private key)."_s,
                         openSslErrors());
    OpenSslPtr<EVP_PKEY, EVP_PKEY_free> keyHolder(key);
    OpenSslPtr<X509, X509_free> certHolder(cert);
    auto chainHolder = std::unique_ptr<STACK_OF(X509), decltype([](STACK_OF(X509) * s) {
                                           sk_X509_pop_free(s, X509_free);
                                       })>(chain);

    CertificateFile file;
    file.format = CertificateFile::Format::Pkcs12;
    QList<X509 *> all;
    if (cert)
        all << cert;
    for (int i = 0; chain && i < sk_X509_num(chain); ++i)
        all << sk_X509_value(chain, i);
    for (X509 *c : std::as_const(all)) {
        Result<DeviceCertificate> read = DeviceCertificate::fromDer(toDer(c));
        if (!read)
            return read.error();
        file.certificates.append(std::move(read).value());
    }
    if (file.certificates.isEmpty())
        return fileError(CertificateMalformed, u"The PFX (PKCS#12) file holds no certificate."_s,
                         u"Export the certificate together with its private key."_s);
    if (key)
        file.privateKeyDer = privateKeyToDer(key);
    return file;
}

} // namespace

QString certificateFormatName(CertificateFile::Format format)
{
    switch (format) {
    case CertificateFile::Format::Pem:
        return u"PEM"_s;
    case CertificateFile::Format::Der:
        return u"DER"_s;
    case CertificateFile::Format::Pkcs12:
        break;
    }
    return u"PFX (PKCS#12)"_s;
}

Result<CertificateFile> CertificateFile::fromData(const QByteArray &data, const QString &password)
{
    if (data.isEmpty())
        return fileError(CertificateMalformed, u"The file is empty."_s,
                         u"Choose the exported certificate (.cer, .crt, .pem, .der, .pfx)."_s);
    if (data.contains("-----BEGIN"))
        return readPem(data, password);
    if (!looksLikeDerSequence(data))
        return fileError(CertificateMalformed,
                         u"This is neither a PEM, DER nor PFX certificate file (it does not start "
                         u"like one)."_s,
                         u"Choose the exported certificate (.cer, .crt, .pem, .der, .pfx)."_s);
    if (derLengthIsTruncated(data))
        return fileError(CertificateMalformed,
                         u"The file is truncated: its DER header announces more bytes than the "
                         u"file has (%1 bytes present)."_s.arg(data.size()),
                         u"Copy or export the certificate again; the transfer was cut short."_s);

    const auto *cursor = reinterpret_cast<const unsigned char *>(data.constData());
    OpenSslPtr<PKCS12, PKCS12_free> p12(d2i_PKCS12(nullptr, &cursor, data.size()));
    if (p12)
        return readPkcs12(p12.get(), password);
    ERR_clear_error();

    Result<DeviceCertificate> cert = DeviceCertificate::fromDer(data);
    if (!cert)
        return fileError(CertificateMalformed,
                         u"The DER data is neither an X.509 certificate nor a PFX file."_s,
                         u"Choose the exported certificate (.cer, .crt, .pem, .der, .pfx)."_s,
                         cert.error().message);
    CertificateFile file;
    file.format = Format::Der;
    file.certificates.append(std::move(cert).value());
    return file;
}

Result<CertificateFile> CertificateFile::load(const QString &path, const QString &password)
{
    QFile in(path);
    if (!in.open(QIODevice::ReadOnly))
        return fileError(CertificateFileUnreadable,
                         u"Cannot open %1: %2."_s.arg(path, in.errorString()),
                         u"Check the path and that you may read the file."_s);
    if (in.size() > kMaxFileSize)
        return fileError(CertificateFileUnreadable,
                         u"%1 is %2 KiB, too large to be a certificate file (at most 1 MiB)."_s
                             .arg(QFileInfo(path).fileName())
                             .arg(in.size() / 1024),
                         u"Choose the exported certificate (.cer, .crt, .pem, .der, .pfx)."_s);
    Result<CertificateFile> file = fromData(in.readAll(), password);
    if (file)
        file->path = path;
    return file;
}

} // namespace Entra
