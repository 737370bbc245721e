#pragma once

#include "state/statussnapshot.h"

#include <QObject>

#include <memory>

namespace Entra {

class CloudHttp;
class DeviceEnvironment;

// Collects ThisDeviceStatus on a pool thread (it waits for the TPM), then asks the cloud
// whether the device can still authenticate (DeviceAuthStatus) without blocking the thread it
// was started on, and reports the finished snapshot there.
class ThisDeviceStatusJob : public QObject
{
    Q_OBJECT

public:
    ThisDeviceStatusJob(std::shared_ptr<DeviceEnvironment> environment,
                        QObject *parent = nullptr);
    ~ThisDeviceStatusJob() override;

    // Skips the cloud check (DeviceAuthStatus is then not shown).
    void setCloudCheckEnabled(bool enabled) { m_cloudCheck = enabled; }
    void start();

Q_SIGNALS:
    void finished(const Entra::StatusSnapshot &snapshot);

private:
    void checkDeviceAuthentication(StatusSnapshot snapshot);

    std::shared_ptr<DeviceEnvironment> m_environment;
    std::unique_ptr<CloudHttp> m_http;
    bool m_cloudCheck = true;
};

} // namespace Entra
