#include "identitymasker.h"

#include <QRegularExpression>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Bundle {

void IdentityMasker::addTenantId(const QString &tenantId)
{
    QString id = tenantId.trimmed();
    id.remove(u'{').remove(u'}');
    static const QRegularExpression guid(
        u"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"_s);
    if (guid.match(id).hasMatch())
        maskFor(m_tenants, id, true);
}

QString IdentityMasker::maskFor(QHash<QString, QString> &table, const QString &value, bool tenant)
{
    const QString key = value.toLower();
    auto it = table.constFind(key);
    if (it != table.constEnd())
        return *it;
    const qsizetype n = table.size() + 1;
    const QString masked
        = tenant ? u"masked-tenant-%1"_s.arg(n) : u"user%1@masked.invalid"_s.arg(n);
    table.insert(key, masked);
    return masked;
}

QString IdentityMasker::mask(const QString &text)
{
    static const QRegularExpression upn(u"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+"_s);
    QString out;
    qsizetype done = 0;
    auto matches = upn.globalMatch(text);
    while (matches.hasNext()) {
        const QRegularExpressionMatch m = matches.next();
        out += QStringView(text).mid(done, m.capturedStart() - done);
        const QString found = m.captured();
        out += found.endsWith(u"@masked.invalid"_s) ? found : maskFor(m_users, found, false);
        done = m.capturedEnd();
    }
    out += QStringView(text).mid(done);

    for (auto it = m_tenants.constBegin(); it != m_tenants.constEnd(); ++it)
        out.replace(it.key(), it.value(), Qt::CaseInsensitive);
    return out;
}

} // namespace Entra::Bundle
