#include "thisdevicestatusjob.h"

#include "cloud/cloudhttp.h"
#include "cloud/drsclient.h"
#include "crypto/devicecertificate.h"
#include "crypto/keystoresslkey.h"
#include "deviceenvironment.h"
#include "state/sectioncatalog.h"
#include "state/sections.h"
#include "thisdevice.h"

#include <QFutureWatcher>
#include <QSslCertificate>
#include <QtConcurrentRun>

using namespace Qt::Literals::StringLiterals;

namespace Entra {

ThisDeviceStatusJob::ThisDeviceStatusJob(std::shared_ptr<DeviceEnvironment> environment,
                                         QObject *parent)
    : QObject(parent)
    , m_environment(std::move(environment))
{
}

ThisDeviceStatusJob::~ThisDeviceStatusJob() = default;

void ThisDeviceStatusJob::start()
{
    auto *watcher = new QFutureWatcher<StatusSnapshot>(this);
    connect(watcher, &QFutureWatcher<StatusSnapshot>::finished, this, [this, watcher] {
        watcher->deleteLater();
        StatusSnapshot snapshot = watcher->result();
        if (m_cloudCheck)
            checkDeviceAuthentication(std::move(snapshot));
        else
            Q_EMIT finished(snapshot);
    });
    watcher->setFuture(QtConcurrent::run(
        [environment = m_environment] { return ThisDeviceStatus::collect(*environment); }));
}

void ThisDeviceStatusJob::checkDeviceAuthentication(StatusSnapshot snapshot)
{
    Result<std::optional<DeviceRegistration>> stored = m_environment->registrationStore().load();
    if (!stored || !stored->has_value()) {
        Q_EMIT finished(snapshot);
        return;
    }
    const DeviceRegistration registration = **stored;
    // Joined devices show it in Device Details; registered ones in their work account.
    const QString sectionTitle = registration.joinType == 0 ? DeviceDetails::kTitle.toString()
                                                            : u"Work Account 1"_s;
    auto report = [this, snapshot, sectionTitle](const QString &status, const QString &why) mutable {
        StatusSection &section = snapshot.ensureSection(sectionTitle);
        section.set(u"DeviceAuthStatus"_s, status);
        if (!why.isEmpty())
            snapshot.ensureSection(SectionCatalog::kHostDetails.toString()).set(u"DeviceAuthStatus Detail"_s, why);
        Q_EMIT finished(snapshot);
    };

    const QSslCertificate certificate(registration.certificateDer, QSsl::Der);
    Result<DeviceCertificate> parsed = DeviceCertificate::fromDer(registration.certificateDer);
    if (certificate.isNull() || !parsed)
        return report(u"FAILED. ERROR"_s, u"The stored device certificate cannot be read."_s);
    Result<QSslKey> key = KeyStoreSslKey::create(m_environment->keyStoreFor(registration),
                                                 registration.deviceKeyId,
                                                 parsed->subjectPublicKeyInfo);
    if (!key)
        return report(u"FAILED. ERROR"_s, key.error().message);

    m_http = std::make_unique<CloudHttp>();
    m_http->setTimeout(std::chrono::seconds(15));
    if (Status trusted = m_environment->configure(*m_http); !trusted)
        return report(u"FAILED. ERROR"_s, trusted.error().message);
    DrsClient client(*m_http, m_environment->endpoints());
    client.checkDeviceAuthentication(
        registration.joinEndpoint, registration.deviceId, certificate, *key, this,
        [report](const DeviceAuthCheck &check) mutable {
            report(check.statusText(), check.error.message);
        });
}

} // namespace Entra
