#include "pki.h"

#include "encoding.h"

#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/rand.h>

using namespace Qt::Literals::StringLiterals;

namespace FakeCloud::Pki {

namespace {

using Ssl::Certificate;
using Ssl::Key;
using Ssl::takeErrors;

// A positive 16-byte serial (the top bit of the first byte clear, the next one set).
bool setRandomSerial(X509 *certificate)
{
    const Ssl::BignumPtr number(BN_new());
    if (!number || BN_rand(number.get(), 127, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ANY) != 1)
        return false;
    ASN1_INTEGER *serial = X509_get_serialNumber(certificate);
    return BN_to_ASN1_INTEGER(number.get(), serial) != nullptr;
}

bool setValidity(X509 *certificate, const QDateTime &notBefore, const QDateTime &notAfter)
{
    return ASN1_TIME_set(X509_getm_notBefore(certificate), time_t(notBefore.toSecsSinceEpoch()))
        && ASN1_TIME_set(X509_getm_notAfter(certificate), time_t(notAfter.toSecsSinceEpoch()));
}

bool addEntry(X509_NAME *name, int nid, int type, const char *value, int set)
{
    return X509_NAME_add_entry_by_NID(name, nid, type,
                                      reinterpret_cast<const unsigned char *>(value), -1, -1, set)
        == 1;
}

Ssl::X509NamePtr commonNameOnly(const char *commonName)
{
    Ssl::X509NamePtr name(X509_NAME_new());
    if (!name || !addEntry(name.get(), NID_commonName, MBSTRING_UTF8, commonName, 0))
        return nullptr;
    return name;
}

// DC=net + DC=windows + CN=MS-Organization-Access + OU=<fixed GUID>, one RDN.
Ssl::X509NamePtr orgAccessName()
{
    Ssl::X509NamePtr name(X509_NAME_new());
    if (!name || !addEntry(name.get(), NID_domainComponent, V_ASN1_IA5STRING, "net", 0)
        || !addEntry(name.get(), NID_domainComponent, V_ASN1_IA5STRING, "windows", -1)
        || !addEntry(name.get(), NID_commonName, V_ASN1_PRINTABLESTRING, "MS-Organization-Access",
                     -1)
        || !addEntry(name.get(), NID_organizationalUnitName, V_ASN1_PRINTABLESTRING, OrgAccessOu,
                     -1))
        return nullptr;
    return name;
}

bool addExtension(X509 *certificate, X509 *issuer, int nid, const char *value)
{
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, issuer, certificate, nullptr, nullptr, 0);
    const Ssl::X509ExtensionPtr extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value));
    return extension && X509_add_ext(certificate, extension.get(), -1) == 1;
}

bool addRawExtension(X509 *certificate, const char *oid, const QByteArray &extnValue)
{
    const Ssl::Asn1ObjectPtr object(OBJ_txt2obj(oid, 1));
    const Ssl::Asn1OctetStringPtr octets(ASN1_OCTET_STRING_new());
    if (!object || !octets
        || ASN1_OCTET_STRING_set(octets.get(),
                                 reinterpret_cast<const unsigned char *>(extnValue.constData()),
                                 int(extnValue.size()))
            != 1)
        return false;
    const Ssl::X509ExtensionPtr extension(
        X509_EXTENSION_create_by_OBJ(nullptr, object.get(), 0, octets.get()));
    return extension && X509_add_ext(certificate, extension.get(), -1) == 1;
}

// A v3 certificate with a random serial, the given names, validity and public key.
Expected<Certificate> startCertificate(const X509_NAME *subject, const X509_NAME *issuer,
                                       const Key &publicKey, const QDateTime &notBefore,
                                       const QDateTime &notAfter)
{
    X509 *raw = X509_new();
    if (!raw)
        return Failure { takeErrors() };
    Certificate certificate = Certificate::adopt(raw);
    if (X509_set_version(raw, X509_VERSION_3) != 1 || !setRandomSerial(raw)
        || X509_set_subject_name(raw, subject) != 1 || X509_set_issuer_name(raw, issuer) != 1
        || !setValidity(raw, notBefore, notAfter) || X509_set_pubkey(raw, publicKey.get()) != 1)
        return Failure { u"cannot fill in the certificate: "_s + takeErrors() };
    return certificate;
}

Expected<Certificate> finish(const Certificate &certificate, const Key &signingKey)
{
    if (X509_sign(certificate.get(), signingKey.get(), EVP_sha256()) <= 0)
        return Failure { u"cannot sign the certificate: "_s + takeErrors() };
    return certificate;
}

Expected<Authority> selfSignedCa(const Key &key, const X509_NAME *name, const QDateTime &now,
                                 int years)
{
    auto certificate = startCertificate(name, name, key, now.addSecs(-3600), now.addYears(years));
    if (!certificate)
        return Failure { certificate.error() };
    X509 *raw = certificate->get();
    if (!addExtension(raw, raw, NID_basic_constraints, "critical,CA:TRUE")
        || !addExtension(raw, raw, NID_key_usage, "critical,keyCertSign,cRLSign")
        || !addExtension(raw, raw, NID_subject_key_identifier, "hash"))
        return Failure { u"cannot add CA extensions: "_s + takeErrors() };
    auto signedCertificate = finish(certificate.value(), key);
    if (!signedCertificate)
        return Failure { signedCertificate.error() };
    return Authority { key, signedCertificate.value() };
}

} // namespace

QByteArray longFormOctetString(const QByteArray &content)
{
    QByteArray der;
    der.append(char(0x04));
    der.append(char(0x81));
    der.append(char(content.size()));
    der.append(content);
    return der;
}

Expected<Authority> createTlsCa(const QDateTime &now)
{
    auto key = Key::generateEcP256();
    if (!key)
        return Failure { key.error() };
    const Ssl::X509NamePtr name = commonNameOnly("fakecloud test CA");
    if (!name)
        return Failure { takeErrors() };
    return selfSignedCa(key.value(), name.get(), now, 10);
}

Expected<Authority> issueServerCertificate(const Authority &ca, const QDateTime &now)
{
    auto key = Key::generateEcP256();
    if (!key)
        return Failure { key.error() };
    const Ssl::X509NamePtr name = commonNameOnly("127.0.0.1");
    if (!name)
        return Failure { takeErrors() };
    auto certificate = startCertificate(name.get(), X509_get_subject_name(ca.certificate.get()),
                                        key.value(), now.addSecs(-3600), now.addDays(365));
    if (!certificate)
        return Failure { certificate.error() };
    X509 *raw = certificate->get();
    X509 *issuer = ca.certificate.get();
    if (!addExtension(raw, issuer, NID_basic_constraints, "critical,CA:FALSE")
        || !addExtension(raw, issuer, NID_key_usage, "critical,digitalSignature")
        || !addExtension(raw, issuer, NID_ext_key_usage, "serverAuth")
        || !addExtension(raw, issuer, NID_subject_alt_name,
                         "IP:127.0.0.1,IP:0:0:0:0:0:0:0:1,DNS:localhost")
        || !addExtension(raw, issuer, NID_subject_key_identifier, "hash")
        || !addExtension(raw, issuer, NID_authority_key_identifier, "keyid:always"))
        return Failure { u"cannot add server extensions: "_s + takeErrors() };
    auto signedCertificate = finish(certificate.value(), ca.key);
    if (!signedCertificate)
        return Failure { signedCertificate.error() };
    return Authority { key.value(), signedCertificate.value() };
}

Expected<Authority> createOrgAccessCa(const QDateTime &now)
{
    auto key = Key::generateRsa(2048);
    if (!key)
        return Failure { key.error() };
    const Ssl::X509NamePtr name = orgAccessName();
    if (!name)
        return Failure { takeErrors() };
    return selfSignedCa(key.value(), name.get(), now, 20);
}

Expected<Authority> createTokenSigner(const QDateTime &now)
{
    auto key = Key::generateRsa(2048);
    if (!key)
        return Failure { key.error() };
    const Ssl::X509NamePtr name = commonNameOnly("accounts.accesscontrol.windows.net");
    if (!name)
        return Failure { takeErrors() };
    auto certificate = startCertificate(name.get(), name.get(), key.value(), now.addSecs(-3600),
                                        now.addYears(5));
    if (!certificate)
        return Failure { certificate.error() };
    auto signedCertificate = finish(certificate.value(), key.value());
    if (!signedCertificate)
        return Failure { signedCertificate.error() };
    return Authority { key.value(), signedCertificate.value() };
}

Expected<Ssl::Certificate> issueDeviceCertificate(const Authority &orgCa,
                                                  const Ssl::Key &devicePublicKey,
                                                  const DeviceCertificateFields &fields)
{
    Ssl::X509NamePtr subject(X509_NAME_new());
    const QByteArray deviceId = Encoding::guidString(fields.deviceId).toLatin1();
    if (!subject
        || !addEntry(subject.get(), NID_commonName, V_ASN1_PRINTABLESTRING, deviceId.constData(),
                     0))
        return Failure { takeErrors() };
    auto certificate
        = startCertificate(subject.get(), X509_get_subject_name(orgCa.certificate.get()),
                           devicePublicKey, fields.notBefore, fields.notAfter);
    if (!certificate)
        return Failure { certificate.error() };
    X509 *raw = certificate->get();
    X509 *issuer = orgCa.certificate.get();
    const QByteArray region = fields.region.toLatin1();
    if (!addExtension(raw, issuer, NID_basic_constraints, "critical,CA:FALSE")
        || !addExtension(raw, issuer, NID_ext_key_usage, "critical,clientAuth")
        || !addRawExtension(raw, OidDeviceId,
                            longFormOctetString(Encoding::guidMixedEndian(fields.deviceId)))
        || !addRawExtension(raw, OidUserObjectId,
                            longFormOctetString(Encoding::guidMixedEndian(fields.userObjectId)))
        || !addRawExtension(raw, OidTenantId,
                            longFormOctetString(Encoding::guidMixedEndian(fields.tenantId)))
        || !addRawExtension(raw, OidJoinType,
                            longFormOctetString(fields.joined ? QByteArray("1") : QByteArray("0")))
        || !addRawExtension(raw, OidTenantRegion, longFormOctetString(region)))
        return Failure { u"cannot add device extensions: "_s + takeErrors() };
    return finish(certificate.value(), orgCa.key);
}

QString checkIssuedBy(const Authority &orgCa, const Ssl::Certificate &certificate,
                      const QDateTime &now)
{
    if (certificate.isNull())
        return u"no certificate"_s;
    if (X509_NAME_cmp(X509_get_issuer_name(certificate.get()),
                      X509_get_subject_name(orgCa.certificate.get()))
        != 0)
        return u"the certificate was not issued by MS-Organization-Access"_s;
    if (X509_verify(certificate.get(), orgCa.key.get()) != 1) {
        ERR_clear_error();
        return u"the certificate signature does not verify against MS-Organization-Access"_s;
    }
    time_t moment = time_t(now.toSecsSinceEpoch());
    if (X509_cmp_time(X509_get0_notBefore(certificate.get()), &moment) > 0)
        return u"the certificate is not valid yet"_s;
    if (X509_cmp_time(X509_get0_notAfter(certificate.get()), &moment) < 0)
        return u"the certificate has expired"_s;
    return {};
}

} // namespace FakeCloud::Pki
