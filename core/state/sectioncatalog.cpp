#include "sectioncatalog.h"

#include "sections.h"

#include <QHash>

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace Entra::SectionCatalog {
namespace {

struct Catalog
{
    QStringList order;
    QHash<QString, QString> homeByLowerKey;

    template<typename S>
    void add(QStringView title)
    {
        order.append(title.toString());
        for (const QString &key : sectionKeys<S>())
            homeByLowerKey.insert(key.toLower(), title.toString()); // replaces: last add wins
    }
};

const Catalog &catalog()
{
    static const Catalog instance = [] {
        Catalog c;
        // Added in reverse priority: the last section to list a shared key (KeyProvider, NgcSet,
        // the proxy keys) becomes its home, so device-level and current-user sections win.
        c.add<NgcPrerequisiteCheck>(NgcPrerequisiteCheck::kTitle);
        c.add<ProxyConfig>(ProxyConfig::kWinHttpTitle);
        c.add<ProxyConfig>(ProxyConfig::kUrlSpecificTitle);
        c.add<ProxyConfig>(ProxyConfig::kSystemTitle);
        c.add<ProxyConfig>(ProxyConfig::kTitle);
        c.add<DiagnosticData>(DiagnosticData::kTitle);
        c.add<WorkAccount>(WorkAccount::kTitle);
        c.add<SsoState>(SsoState::kTitle);
        c.add<UserState>(UserState::kTitle);
        c.add<TenantDetails>(TenantDetails::kTitle);
        c.add<DeviceDetails>(DeviceDetails::kTitle);
        c.add<DeviceState>(DeviceState::kTitle);
        std::reverse(c.order.begin(), c.order.end());
        c.order << kJoinDebug.toString() << kWamAccounts.toString() << kHostDetails.toString();
        return c;
    }();
    return instance;
}

} // namespace

QString homeSectionOf(QStringView key)
{
    return catalog().homeByLowerKey.value(key.toString().toLower());
}

bool isWorkAccountTitle(QStringView title)
{
    return title.startsWith(u"Work Account", Qt::CaseInsensitive);
}

bool isKnownTitle(QStringView title)
{
    return canonicalRank(title) < catalog().order.size();
}

int canonicalRank(QStringView title)
{
    const QStringList &order = catalog().order;
    for (int i = 0; i < order.size(); ++i) {
        if (title.compare(order.at(i), Qt::CaseInsensitive) == 0)
            return i;
        if (order.at(i) == WorkAccount::kTitle && isWorkAccountTitle(title))
            return i;
    }
    return int(order.size());
}

} // namespace Entra::SectionCatalog
