#pragma once

#include "expected.h"
#include "pki.h"
#include "state.h"

#include <QString>

#include <optional>

namespace FakeCloud {

// The keys fakecloud holds. The server certificate is minted afresh at every start.
struct KeyRing
{
    Pki::Authority tlsCa;
    Pki::Authority orgAccessCa;
    Pki::Authority tokenSigner;
    Pki::Authority server;
    QString tokenKeyId; // base64url SHA-1 of the signer certificate (kid = x5t)
};

// --state-dir: state.json and keys/*.pem, every file written atomically (QSaveFile) with
// mode 0600. An empty path keeps everything in memory.
class StateDirectory
{
public:
    explicit StateDirectory(QString path = {});

    bool isPersistent() const { return !m_path.isEmpty(); }
    QString path() const { return m_path; }

    // nullopt when there is no state.json yet.
    Expected<std::optional<CloudState>> loadState() const;
    // Empty on success, otherwise the reason.
    QString saveState(const CloudState &state) const;

    // Keys from keys/ (created and saved when missing). caCertPem/caKeyPem, when given, are
    // the TLS CA to use instead (--ca-cert/--ca-key).
    Expected<KeyRing> loadOrCreateKeys(const QByteArray &caCertPem, const QByteArray &caKeyPem,
                                       const QDateTime &now) const;

private:
    QString writeFile(const QString &relativePath, const QByteArray &data) const;
    Expected<Pki::Authority> loadOrCreate(const QString &name,
                                          Expected<Pki::Authority> (*create)(const QDateTime &),
                                          const QDateTime &now) const;

    QString m_path;
};

} // namespace FakeCloud
