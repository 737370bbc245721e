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

// Writes a support bundle (a zip, see docs/ARCHITECTURE.md) entry by entry: large files are
// streamed, never held in memory whole; report.html (ReportHtmlWriter) sums up the rest, its
// event timeline read from the same files in one streaming pass each. The zip is written next to
// `path` and renamed into place only when complete.
class SupportBundleWriter
{
public:
    static Result<Manifest> write(const QString &path, const SupportBundleContent &content);
};

} // namespace Entra::Bundle
