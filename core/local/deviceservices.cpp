#include "deviceservices.h"

#include "deviceenvironment.h"

using namespace Qt::Literals::StringLiterals;

namespace Entra {

DeviceServices::DeviceServices(DeviceEnvironment &environment)
    : m_drs(m_http, environment.endpoints())
    , m_prt(m_http, environment.endpoints())
    , m_keyProvisioning(m_http, environment.endpoints())
    , m_registrationStore(environment.registrationStore())
    , m_prtStore(environment.stateDirectory())
{ }

Result<std::unique_ptr<DeviceServices>> DeviceServices::open(DeviceEnvironment &environment,
                                                             bool requireRegistration)
{
    std::unique_ptr<DeviceServices> services(new DeviceServices(environment));
    if (Status trusted = environment.configure(services->m_http); !trusted)
        return trusted.error();
    Result<std::optional<DeviceRegistration>> registration = services->m_registrationStore.load();
    if (!registration)
        return registration.error();
    if (registration->has_value()) {
        services->m_registration = **registration;
        services->m_keys = environment.keyStoreFor(**registration);
    } else if (requireRegistration) {
        return Error { ErrorDomain::Usage,
                       0,
                       u"This device is neither joined nor registered."_s,
                       u"Join it first (Device › Join or Register…, or `entra-doctor join`)."_s,
                       {} };
    }
    return services;
}

} // namespace Entra
