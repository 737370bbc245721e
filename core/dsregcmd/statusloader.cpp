#include "statusloader.h"

#include "local/deviceenvironment.h"
#include "local/thisdevicestatusjob.h"
#include "statusimport.h"

#include <QFutureWatcher>
#include <QtConcurrentRun>

using namespace Qt::Literals::StringLiterals;

namespace Entra {

StatusLoader::StatusLoader(QObject *parent) : QObject(parent) { }

template<typename Work>
void StatusLoader::start(const QString &label, Work work)
{
    const quint64 generation = ++m_generation;
    ++m_running;
    Q_EMIT started(label);
    auto *watcher = new QFutureWatcher<Outcome>(this);
    connect(watcher, &QFutureWatcher<Outcome>::finished, this, [this, watcher, generation, label] {
        watcher->deleteLater();
        --m_running;
        if (generation != m_generation)
            return; // superseded by a newer request
        const Outcome outcome = watcher->result();
        if (!outcome.snapshot) {
            Q_EMIT failed(outcome.error, label);
            return;
        }
        if (outcome.bundle)
            Q_EMIT bundleLoaded(outcome.bundle);
        Q_EMIT loaded(*outcome.snapshot);
    });
    watcher->setFuture(QtConcurrent::run([work] {
        Result<StatusImport::ImportedStatus> result = work();
        if (!result)
            return Outcome { {}, {}, result.error() };
        return Outcome { std::move(result->snapshot), std::move(result->bundle), {} };
    }));
}

void StatusLoader::loadFile(const QString &path)
{
    start(path, [path] { return StatusImport::openFile(path); });
}

void StatusLoader::loadBytes(const QByteArray &bytes, const QString &label)
{
    start(label, [bytes, label] { return StatusImport::openBytes(bytes, label); });
}

void StatusLoader::setEnvironment(std::shared_ptr<DeviceEnvironment> environment)
{
    m_environment = std::move(environment);
}

void StatusLoader::loadThisDevice()
{
    if (!m_environment)
        m_environment = std::make_shared<DeviceEnvironment>();
    const quint64 generation = ++m_generation;
    ++m_running;
    Q_EMIT started(u"This device"_s);
    auto *job = new ThisDeviceStatusJob(m_environment, this);
    connect(job, &ThisDeviceStatusJob::finished, this,
            [this, job, generation](const StatusSnapshot &snapshot) {
                job->deleteLater();
                --m_running;
                if (generation == m_generation)
                    Q_EMIT loaded(snapshot);
            });
    job->start();
}

} // namespace Entra
