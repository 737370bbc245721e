#include "deviceenvironment.h"

#include "cloud/cloudhttp.h"
#include "tpm/softwarekeystore.h"
#include "tpm/tpmkeystore.h"
#include "tpm/tpmprobe.h"
#include "tpm/tpmworker.h"

#include <QUrl>

namespace Entra {

DeviceEnvironment::DeviceEnvironment(Options options)
    : m_options(std::move(options))
{
}

DeviceEnvironment::~DeviceEnvironment() = default;

QString DeviceEnvironment::stateDirectory() const
{
    return m_options.stateDir.isEmpty() ? RegistrationStore::defaultStateDirectory()
                                        : m_options.stateDir;
}

CloudEndpoints DeviceEnvironment::endpoints() const
{
    return m_options.cloudBaseUrl.isEmpty() ? CloudEndpoints()
                                            : CloudEndpoints::fromBase(QUrl(m_options.cloudBaseUrl));
}

Status DeviceEnvironment::configure(CloudHttp &http) const
{
    if (m_options.requestTimeout.count() > 0)
        http.setTimeout(m_options.requestTimeout);
    if (m_options.caFile.isEmpty())
        return Success{};
    return http.trustCaFile(m_options.caFile);
}

std::shared_ptr<TpmWorker> DeviceEnvironment::tpmWorker()
{
    const std::lock_guard lock(m_workerMutex);
    if (!m_worker) {
        TctiOptions tcti;
        tcti.explicitTcti = m_options.tcti;
        m_worker = std::make_shared<TpmWorker>(tcti);
    }
    return m_worker;
}

KeyStoreSelection DeviceEnvironment::selectKeyStore()
{
    KeyStoreSelectionOptions options;
    options.stateDir = stateDirectory();
    options.forceSoftware = m_options.forceSoftwareKeys;
    options.tpmPoolSize = 0; // a join needs two keys now; the pool serves PIN set-up later
    if (m_options.forceSoftwareKeys)
        return KeyStoreSelector::select({}, nullptr, options);
    std::shared_ptr<TpmWorker> worker = tpmWorker();
    const TpmReport report = TpmProbe::runSync(*worker);
    return KeyStoreSelector::select(report, worker, options);
}

std::shared_ptr<KeyStore> DeviceEnvironment::keyStoreFor(const DeviceRegistration &registration)
{
    // A pool of one pre-generated key: a PIN set-up takes it instead of waiting for the TPM to
    // generate one (the pool lives on disk and is topped up after use).
    if (registration.tpmProtected)
        return std::make_shared<TpmKeyStore>(
            tpmWorker(), KeyStoreSelector::tpmKeyDirectory(stateDirectory()), 1);
    return std::make_shared<SoftwareKeyStore>(
        KeyStoreSelector::softwareKeyDirectory(stateDirectory()));
}

} // namespace Entra
