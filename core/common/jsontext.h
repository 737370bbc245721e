#pragma once

#include <QByteArray>
#include <QString>

namespace Entra {

// Appends `s` as a quoted JSON string. For output whose key order matters (the CLI contract),
// where QJsonObject would sort the keys.
void appendJsonString(QByteArray &out, const QString &s);

} // namespace Entra
