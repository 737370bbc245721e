#include "bundleexportjob.h"

#include <QFutureWatcher>
#include <QtConcurrentRun>

namespace Entra::Bundle {

BundleExportJob::BundleExportJob(QObject *parent)
    : QObject(parent)
{
    m_poll.setInterval(100);
    connect(&m_poll, &QTimer::timeout, this, &BundleExportJob::reportProgress);
}

BundleExportJob::~BundleExportJob()
{
    cancel(); // the pool thread stops at its next chunk and removes its partial file
}

void BundleExportJob::start(const QString &path, Collect collect)
{
    if (m_running)
        return;
    m_running = true;
    m_shared = std::make_shared<Shared>();
    Q_EMIT collecting();
    m_poll.start();
    auto *watcher = new QFutureWatcher<Result<Manifest>>(this);
    connect(watcher, &QFutureWatcher<Result<Manifest>>::finished, this, [this, watcher, path] {
        watcher->deleteLater();
        m_poll.stop();
        reportProgress();
        m_running = false;
        const Result<Manifest> written = watcher->result();
        if (written)
            Q_EMIT finished(*written, path);
        else
            Q_EMIT failed(written.error());
    });
    watcher->setFuture(QtConcurrent::run(
        [path, collect = std::move(collect), shared = m_shared]() -> Result<Manifest> {
            Result<SupportBundleContent> content = collect();
            if (!content)
                return content.error();
            BundleWriteMonitor monitor;
            monitor.isCanceled = [shared] {
                return shared->canceled.load();
            };
            monitor.progress = [shared](qint64 written, qint64 total) {
                shared->total.store(total);
                shared->written.store(written);
            };
            return SupportBundleWriter::write(path, *content, monitor);
        }));
}

void BundleExportJob::cancel()
{
    if (m_shared)
        m_shared->canceled.store(true);
}

void BundleExportJob::reportProgress()
{
    if (m_shared && m_shared->total.load() > 0)
        Q_EMIT progressed(m_shared->written.load(), m_shared->total.load());
}

} // namespace Entra::Bundle
