#pragma once

#include "clouddevicerecord.h"
#include "common/result.h"
#include "crypto/devicecertificate.h"
#include "events/eventrecord.h"
#include "state/statussnapshot.h"

namespace Entra::DiagnosticSources {

// Several dsregcmd outputs of one device (as the user and elevated, DSREGCMD.md §1.1) as one
// snapshot: a later source adds the sections and fields the earlier ones lack; the first
// source's value wins when both have a field.
StatusSnapshot merge(const QList<StatusSnapshot> &snapshots);

// The events the checks read: User Device Registration, AAD and HelloForBusiness channels.
QList<Events::EventRecord> relevantEvents(const QList<Events::EventRecord> &events);
bool isRelevantEvent(const Events::EventRecord &event);

// The events of the channels the checks read (User Device Registration, AAD, HelloForBusiness)
// from .evtx files; other channels are dropped to keep memory small.
Result<QList<Events::EventRecord>> readEvents(const QStringList &paths);

// Device certificates from PEM/DER/PFX files (a PFX with a password is refused with the reason).
Result<QList<DeviceCertificate>> readCertificates(const QStringList &paths);

Result<CloudDeviceRecord> readGraphDevice(const QString &path);

} // namespace Entra::DiagnosticSources
