#pragma once

#include "common/result.h"

#include <QList>

namespace Entra {

class DeviceEnvironment;
class KeyStore;
class RegistrationStore;

// At start-up: finish what an interrupted join or leave left behind, using the journal the
// operation wrote before it changed anything. A join that had not saved its registration is
// rolled back (its keys deleted); one that had is complete. A leave that had removed the
// registration, or whose cloud delete had succeeded, is completed; one cut off before the
// service answered keeps the registration. Keys are deleted from whichever store holds them.
namespace JournalRecovery {
// An explanation of what was found and repaired; empty when there was no journal.
Result<QString> repair(RegistrationStore &store, const QList<KeyStore *> &keyStores);
// The same for the environment's state directory, with its software and TPM key stores (the
// TPM is only opened when TPM keys exist). Blocks on the TPM: call it off the GUI thread.
Result<QString> repair(DeviceEnvironment &environment);
} // namespace JournalRecovery

} // namespace Entra
