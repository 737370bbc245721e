#pragma once

#include "bundle/supportbundlewriter.h"

#include <QObject>
#include <QTimer>

#include <atomic>
#include <functional>
#include <memory>

namespace Entra::Bundle {

// Gathers what goes into a bundle and writes it on a pool thread, reporting progress to the
// thread that owns the job; cancel() stops it at the next chunk and nothing is left behind.
class BundleExportJob : public QObject
{
    Q_OBJECT

public:
    // Runs on the pool thread first: it may probe the TPM and read big files.
    using Collect = std::function<Result<SupportBundleContent>()>;

    explicit BundleExportJob(QObject *parent = nullptr);
    ~BundleExportJob() override;

    void start(const QString &path, Collect collect);
    void cancel();
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void collecting();
    void progressed(qint64 written, qint64 total);
    void finished(const Entra::Bundle::Manifest &manifest, const QString &path);
    void failed(const Entra::Error &error);

private:
    // Shared with the pool thread, which only stores into it; the GUI thread polls it.
    struct Shared
    {
        std::atomic_bool canceled = false;
        std::atomic<qint64> written = 0;
        std::atomic<qint64> total = 0;
    };
    void reportProgress();

    std::shared_ptr<Shared> m_shared;
    QTimer m_poll;
    bool m_running = false;
};

} // namespace Entra::Bundle
