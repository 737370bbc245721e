#pragma once

#include "bundle/supportbundle.h"
#include "common/result.h"
#include "connectivity/connectivityreport.h"
#include "crypto/devicecertificate.h"
#include "events/eventrecord.h"
#include "state/statussnapshot.h"
#include "tpm/tpmreport.h"

#include <QDateTime>
#include <QStringList>

#include <functional>
#include <optional>

namespace Entra::Bundle {

// Everything a bundle may hold. Only public data goes in: the writer never reads the state
// directory's key files, prt.json, prt-attempt.json, ngc.json or registration.json, only its
// logs/ folder (the operation log, redacted again on the way in).
struct SupportBundleContent
{
    StatusSnapshot snapshot; // status.txt, status.json and the input of findings.json
    std::optional<TpmReport> tpm; // tpm.json
    QList<DeviceCertificate> certificates; // certificates/*.pem, public parts only
    QStringList eventFiles; // copied into events/ as they are
    QList<Events::EventRecord> events; // the same, read, for the diagnostics (optional)
    QString stateDirectory; // its logs/ go into events/; empty: none
    QDateTime now; // "now" for the diagnostics' age checks; invalid for an imported status
    bool redactIdentities = false; // mask UPNs and tenant ids
    // connectivity.json (and net.* findings when measured); empty: not measured, with the
    // reason the writer gives (an imported status is not this machine's).
    std::optional<ConnectivityReport> connectivity;
    int reportEventRows = 50; // report.html's table of the most relevant events
};

// Optional hooks for a front end: how far the writing is, and whether to stop. Both are called
// on the writing thread.
struct BundleWriteMonitor
{
    // Bytes of entries written so far and the total expected (the event files dominate).
    std::function<void(qint64 written, qint64 total)> progress;
    std::function<bool()> isCanceled;
};

// Writes a support bundle (a zip, see docs/ARCHITECTURE.md) entry by entry: large files are
// streamed, never held in memory whole; report.html (ReportHtmlWriter) sums up the rest, its
// event timeline read from the same files in one streaming pass each. The zip is written next to
// `path` and renamed into place only when complete.
class SupportBundleWriter
{
public:
    // Cancelling leaves nothing behind and fails with ErrorDomain::Usage, code kCanceled.
    static constexpr qint64 kCanceled = 1;
    static Result<Manifest> write(const QString &path, const SupportBundleContent &content,
                                  const BundleWriteMonitor &monitor = {});
};

} // namespace Entra::Bundle
