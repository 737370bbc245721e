#pragma once

#include "common/result.h"

#include <QDateTime>
#include <QStringList>

namespace Entra {

// What Entra ID's device object says (Graph /devices), for the checks DSRegTool makes by hand:
// exists, enabled, bound to the device certificate (not "pending"), not stale.
struct CloudDeviceRecord
{
    QString deviceId;
    QString displayName;
    bool accountEnabled = true;
    // alternativeSecurityIds[].key decoded (Graph stores base64 of UTF-16LE text):
    // "X509:<SHA1-TP-PUBKEY>thumbprint+hash" once the device wrote its certificate.
    QStringList alternativeSecurityIds;
    QDateTime approximateLastSignIn; // invalid when never

    // A Graph device object, or a Graph list answer ({"value": [device, ...]}) whose first
    // entry is taken. Errors say what is missing.
    static Result<CloudDeviceRecord> fromGraphJson(const QByteArray &json);
    // The thumbprint inside an AltSecId, upper case, or empty when it is not an X509 binding.
    static QString thumbprintOf(const QString &alternativeSecurityId);
};

} // namespace Entra
