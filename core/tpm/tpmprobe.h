#pragma once

#include "tpmreport.h"

#include <QFuture>

namespace Entra {

class TpmConnection;
class TpmWorker;

// Finds out whether the TPM can hold registration keys: identity, firmware, spec level,
// hierarchy and dictionary-attack state, the algorithms registration needs, PCR banks, and
// whether a storage primary can be created. Never fails: a TPM that cannot be reached is a
// report with a reason.
class TpmProbe
{
public:
    // On the worker thread.
    static TpmReport run(TpmConnection &connection);
    // From any thread; the work runs on the worker thread.
    static QFuture<TpmReport> start(TpmWorker &worker);
    // Blocks the caller (CLI) while the worker thread probes.
    static TpmReport runSync(TpmWorker &worker);
};

} // namespace Entra
