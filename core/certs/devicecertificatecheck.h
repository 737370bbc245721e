#pragma once

#include "crypto/devicecertificate.h"
#include "diagnostics/finding.h"
#include "state/statussnapshot.h"

#include <QDateTime>

namespace Entra {

class KeyStore;

// The identity a device certificate must match, taken from a status snapshot: Device Details
// for joined devices, else the first Work Account (registered devices).
struct ExpectedDeviceIdentity
{
    QString deviceId;
    QString thumbprint;
    QString source; // "Device Details", "Work Account 1"

    bool isEmpty() const { return deviceId.isEmpty() && thumbprint.isEmpty(); }
    static ExpectedDeviceIdentity fromSnapshot(const StatusSnapshot &snapshot);
};

struct DeviceCertificateCheckInput
{
    DeviceCertificate certificate;
    ExpectedDeviceIdentity expected;
    QDateTime now; // validity is judged at this time (UTC)
    QByteArray filePrivateKeyDer; // the private key that came with the file (PFX), if any
    KeyStore *keyStore = nullptr; // or a key reference: this store ...
    QString keyId; // ... and this key (container) id
};

// DSRegTool's certificate checks (DSREGCMD.md §7) plus the key checks: issuer, subject =
// DeviceId, validity, sha256RSA, private key present and matching, KeySignTest. Runs the key
// store synchronously, so call it off the GUI thread when a TPM key store is given.
QList<Finding> checkDeviceCertificate(const DeviceCertificateCheckInput &input);

// The Azure DRS issuer as one multi-valued RDN (PROTOCOL.md §0.1).
QString msOrganizationAccessIssuer();

} // namespace Entra
