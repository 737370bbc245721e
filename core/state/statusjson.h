#pragma once

#include "common/result.h"
#include "statussnapshot.h"

#include <QByteArray>
#include <QJsonObject>

namespace Entra {

// Two JSON shapes of a snapshot:
// - the CLI contract (`status --json`): an object keyed by dsregcmd's section titles whose
//   values are objects keyed by dsregcmd's field names, values as printed, in dsregcmd's order;
// - the lossless document (bundles): ordered arrays of sections and fields plus the origin.
namespace StatusJson {

QByteArray toDsregJson(const StatusSnapshot &snapshot);

QJsonObject toDocument(const StatusSnapshot &snapshot);

// Accepts either shape. Anything else is refused with a message that says what was expected.
Result<StatusSnapshot> fromJson(const QByteArray &json);

// Cheap check used to route an imported file: does this look like JSON at all?
bool looksLikeJson(QStringView text);

} // namespace StatusJson
} // namespace Entra
