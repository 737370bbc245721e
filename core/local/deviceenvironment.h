#pragma once

#include "cloud/cloudendpoints.h"
#include "common/result.h"
#include "store/registrationstore.h"
#include "tpm/keystoreselection.h"
#include "tpm/tpmtcti.h"

#include <chrono>
#include <memory>
#include <mutex>

namespace Entra {

class CloudHttp;
class TpmWorker;

struct DeviceEnvironmentOptions
{
    QString stateDir; // empty: RegistrationStore::defaultStateDirectory()
    QString tcti; // empty: TSS2_TCTI, then /dev/tpmrm0, /dev/tpm0
    bool forceSoftwareKeys = false;
    QString cloudBaseUrl; // empty: the Microsoft hosts
    QString caFile; // an extra CA to trust (fakecloud's test CA)
    std::chrono::seconds requestTimeout{0}; // per cloud request; 0: the clients' own defaults
};

// Where this device keeps its state and reaches its TPM and the cloud: the global options of the
// CLI and the GUI (--state-dir, --tcti, --no-tpm, --cloud, --ca-file, --timeout) in one place, and the
// objects built from them. The defaults are the per-user state directory, the system TPM and
// the real Microsoft endpoints with the system CAs.
class DeviceEnvironment
{
public:
    using Options = DeviceEnvironmentOptions;

    explicit DeviceEnvironment(Options options = {});
    ~DeviceEnvironment();

    const Options &options() const { return m_options; }
    QString stateDirectory() const;
    RegistrationStore registrationStore() const { return RegistrationStore(stateDirectory()); }
    CloudEndpoints endpoints() const;
    // Trusts --ca-file, if given, in `http`, and sets --timeout, if given.
    Status configure(CloudHttp &http) const;

    // The one TPM worker thread, started on first use (from any thread).
    std::shared_ptr<TpmWorker> tpmWorker();

    // For a new registration: probes the TPM (blocking; call off the GUI thread) and picks the
    // TPM when it is ready, else software keys with the reason.
    KeyStoreSelection selectKeyStore();
    // The store that holds an existing registration's keys, whatever the TPM's state is now.
    std::shared_ptr<KeyStore> keyStoreFor(const DeviceRegistration &registration);

private:
    Options m_options;
    std::mutex m_workerMutex;
    std::shared_ptr<TpmWorker> m_worker;
};

} // namespace Entra
