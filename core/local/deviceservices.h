#pragma once

#include "cloud/cloudhttp.h"
#include "cloud/drsclient.h"
#include "cloud/keyprovisioningclient.h"
#include "cloud/prtclient.h"
#include "store/prtstore.h"
#include "store/registrationstore.h"

#include <memory>

namespace Entra {

class DeviceEnvironment;
class KeyStore;

// Everything an operation on this device needs, built once from the environment: the HTTP
// client (with --ca-file trusted), the protocol clients, the stores, the registration and its
// key store. Owns them for as long as the operation using them runs.
class DeviceServices
{
public:
    // Fails when --ca-file cannot be read, or (with requireRegistration) the device has no
    // registration.
    static Result<std::unique_ptr<DeviceServices>> open(DeviceEnvironment &environment,
                                                        bool requireRegistration = true);

    CloudHttp &http() { return m_http; }
    DrsClient &drs() { return m_drs; }
    PrtClient &prt() { return m_prt; }
    KeyProvisioningClient &keyProvisioning() { return m_keyProvisioning; }
    RegistrationStore &registrationStore() { return m_registrationStore; }
    PrtStore &prtStore() { return m_prtStore; }
    const std::optional<DeviceRegistration> &registration() const { return m_registration; }
    std::shared_ptr<KeyStore> keys() const { return m_keys; }

private:
    explicit DeviceServices(DeviceEnvironment &environment);

    CloudHttp m_http;
    DrsClient m_drs;
    PrtClient m_prt;
    KeyProvisioningClient m_keyProvisioning;
    RegistrationStore m_registrationStore;
    PrtStore m_prtStore;
    std::optional<DeviceRegistration> m_registration;
    std::shared_ptr<KeyStore> m_keys;
};

} // namespace Entra
