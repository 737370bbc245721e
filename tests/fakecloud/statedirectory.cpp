#include "statedirectory.h"

#include "encoding.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>

using namespace Qt::Literals::StringLiterals;

namespace FakeCloud {

namespace {

Expected<QByteArray> readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Failure { u"cannot read %1: %2"_s.arg(path, file.errorString()) };
    return file.readAll();
}

Expected<Pki::Authority> authorityFromPem(const QByteArray &certificatePem,
                                          const QByteArray &keyPem)
{
    auto certificate = Ssl::Certificate::fromPem(certificatePem);
    if (!certificate)
        return Failure { certificate.error() };
    auto key = Ssl::Key::fromPem(keyPem);
    if (!key)
        return Failure { key.error() };
    if (!certificate->publicKey().samePublicKey(key.value()))
        return Failure { u"the certificate and the key do not belong together"_s };
    return Pki::Authority { key.value(), certificate.value() };
}

} // namespace

StateDirectory::StateDirectory(QString path)
    : m_path(std::move(path))
{ }

Expected<std::optional<CloudState>> StateDirectory::loadState() const
{
    if (!isPersistent())
        return std::optional<CloudState>();
    const QString file = QDir(m_path).filePath(u"state.json"_s);
    if (!QFile::exists(file))
        return std::optional<CloudState>();
    auto data = readFile(file);
    if (!data)
        return Failure { data.error() };
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(data.value(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return Failure { u"%1 is not a JSON object: %2"_s.arg(file, error.errorString()) };
    auto state = CloudState::fromJson(document.object());
    if (!state)
        return Failure { u"%1: %2"_s.arg(file, state.error()) };
    return std::optional<CloudState>(state.value());
}

QString StateDirectory::saveState(const CloudState &state) const
{
    if (!isPersistent())
        return {};
    return writeFile(u"state.json"_s,
                     QJsonDocument(state.toJson()).toJson(QJsonDocument::Indented));
}

QString StateDirectory::writeFile(const QString &relativePath, const QByteArray &data) const
{
    const QString path = QDir(m_path).filePath(relativePath);
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return u"cannot create the directory of %1"_s.arg(path);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return u"cannot write %1: %2"_s.arg(path, file.errorString());
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (file.write(data) != data.size() || !file.commit())
        return u"cannot write %1: %2"_s.arg(path, file.errorString());
    return {};
}

Expected<Pki::Authority>
StateDirectory::loadOrCreate(const QString &name,
                             Expected<Pki::Authority> (*create)(const QDateTime &),
                             const QDateTime &now) const
{
    const QString certificatePath = u"keys/%1.pem"_s.arg(name);
    const QString keyPath = u"keys/%1.key"_s.arg(name);
    if (isPersistent() && QFile::exists(QDir(m_path).filePath(certificatePath))) {
        auto certificate = readFile(QDir(m_path).filePath(certificatePath));
        auto key = readFile(QDir(m_path).filePath(keyPath));
        if (!certificate)
            return Failure { certificate.error() };
        if (!key)
            return Failure { key.error() };
        auto authority = authorityFromPem(certificate.value(), key.value());
        if (!authority)
            return Failure { u"%1: %2"_s.arg(certificatePath, authority.error()) };
        return authority;
    }
    auto authority = create(now);
    if (!authority)
        return authority;
    if (isPersistent()) {
        QString error = writeFile(keyPath, authority->key.privatePem());
        if (error.isEmpty())
            error = writeFile(certificatePath, authority->certificate.pem());
        if (!error.isEmpty())
            return Failure { error };
    }
    return authority;
}

Expected<KeyRing> StateDirectory::loadOrCreateKeys(const QByteArray &caCertPem,
                                                   const QByteArray &caKeyPem,
                                                   const QDateTime &now) const
{
    KeyRing keys;
    if (!caCertPem.isEmpty() || !caKeyPem.isEmpty()) {
        auto ca = authorityFromPem(caCertPem, caKeyPem);
        if (!ca)
            return Failure { u"--ca-cert/--ca-key: "_s + ca.error() };
        keys.tlsCa = ca.value();
    } else {
        auto ca = loadOrCreate(u"tls-ca"_s, &Pki::createTlsCa, now);
        if (!ca)
            return Failure { ca.error() };
        keys.tlsCa = ca.value();
    }
    auto orgAccess = loadOrCreate(u"org-access-ca"_s, &Pki::createOrgAccessCa, now);
    if (!orgAccess)
        return Failure { orgAccess.error() };
    keys.orgAccessCa = orgAccess.value();
    auto signer = loadOrCreate(u"token-signing"_s, &Pki::createTokenSigner, now);
    if (!signer)
        return Failure { signer.error() };
    keys.tokenSigner = signer.value();
    auto server = Pki::issueServerCertificate(keys.tlsCa, now);
    if (!server)
        return Failure { server.error() };
    keys.server = server.value();
    keys.tokenKeyId = QString::fromLatin1(Encoding::base64Url(
        QCryptographicHash::hash(keys.tokenSigner.certificate.der(), QCryptographicHash::Sha1)));
    return keys;
}

} // namespace FakeCloud
