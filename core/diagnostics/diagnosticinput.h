#pragma once

#include "clouddevicerecord.h"
#include "crypto/devicecertificate.h"
#include "events/eventrecord.h"
#include "state/statussnapshot.h"
#include "tpm/tpmreport.h"

#include <QDateTime>

#include <optional>

namespace Entra {

// Everything the diagnostics see at once. Only the snapshot is required; every other source
// makes more checks possible (and cross-checks between sources).
struct DiagnosticInput
{
    StatusSnapshot snapshot;
    std::optional<TpmReport> tpm; // this device's TPM; never for imported status
    QList<DeviceCertificate> certificates; // device certificates the person opened
    QList<Events::EventRecord> events; // from .evtx files of the same device
    std::optional<CloudDeviceRecord> cloudDevice; // the Graph device object, when looked up
    bool cloudLookedUp = false; // Graph was asked: no cloudDevice then means it does not exist
    // "Now" for age checks (stale PRT, expiry). Invalid for an imported status: then the
    // status's own Client Time is used when it has one, and age checks are skipped otherwise.
    QDateTime now;
};

} // namespace Entra
