#pragma once

#include <QString>
#include <QStringList>

namespace Entra {

// What we know about dsregcmd's section titles: their usual order and which section a key
// lives in. Used to place fields from the old one-box layout and from headerless pastes.
namespace SectionCatalog {

inline constexpr QStringView kJoinDebug = u"Join Debug";
inline constexpr QStringView kWamAccounts = u"WAM Accounts";
inline constexpr QStringView kHostDetails = u"Host Details";

// The section a key belongs to in the current layout, or an empty string for unknown keys.
// Keys shared by several sections (KeyProvider, NgcSet...) map to the device-level one.
QString homeSectionOf(QStringView key);

bool isKnownTitle(QStringView title);
bool isWorkAccountTitle(QStringView title);

// Sort key following dsregcmd's own order; unknown titles sort after known ones.
int canonicalRank(QStringView title);

} // namespace SectionCatalog
} // namespace Entra
