#pragma once

#include <QHash>
#include <QString>

namespace Entra::Bundle {

// Masks user principal names and tenant ids for `--redact-identities`. The same identity
// (compared case-insensitively) always gets the same mask within one masker, so a reader can
// still tell that two entries speak of the same user or tenant: "user1@masked.invalid",
// "masked-tenant-1".
class IdentityMasker
{
public:
    // Tenant ids are GUIDs and cannot be recognised by their shape alone; the writer adds the
    // ones the status names. Anything that looks like a UPN is masked without being added.
    void addTenantId(const QString &tenantId);

    QString mask(const QString &text);

private:
    QString maskFor(QHash<QString, QString> &table, const QString &value, bool tenant);

    QHash<QString, QString> m_tenants;
    QHash<QString, QString> m_users;
};

} // namespace Entra::Bundle
