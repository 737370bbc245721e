#include "tpmworker.h"

#include <QCoreApplication>
#include <QEvent>
#include <QObject>
#include <QThread>

#include <atomic>

#include <openssl/crypto.h>

using namespace Qt::Literals::StringLiterals;

namespace Entra {

namespace {

class TaskEvent : public QEvent
{
public:
    static QEvent::Type eventType()
    {
        static const auto type = QEvent::Type(QEvent::registerEventType());
        return type;
    }

    explicit TaskEvent(std::function<void(TpmConnection &)> task)
        : QEvent(eventType())
        , m_task(std::move(task))
    { }

    // Destroying an event that never ran destroys its promise, which cancels the future.
    std::function<void(TpmConnection &)> m_task;
};

// Lives on the worker thread and owns the connection (and through it the ESYS context).
class TpmWorkerObject : public QObject
{
public:
    explicit TpmWorkerObject(TctiOptions options)
        : m_connection(std::move(options))
    { }

    TpmConnection &connection() { return m_connection; }
    void stop() { m_stopping = true; }

    bool event(QEvent *event) override
    {
        if (event->type() != TaskEvent::eventType())
            return QObject::event(event);
        auto *task = static_cast<TaskEvent *>(event);
        if (!m_stopping && task->m_task)
            task->m_task(m_connection);
        return true;
    }

    // Runs on the worker thread when it finishes: ESYS must be finalised where it was used.
    // tpm2-tss uses OpenSSL on this thread; free its per-thread state (error queue, DRBGs) now,
    // not at thread exit, which can come after OPENSSL_cleanup at program exit (LeakSanitizer
    // reported the error queue).
    void shutdown()
    {
        m_connection.reset();
        OPENSSL_thread_stop();
    }

private:
    TpmConnection m_connection;
    std::atomic_bool m_stopping = false;
};

} // namespace

TpmWorker::TpmWorker(TctiOptions options)
    : m_options(options)
    , m_thread(std::make_unique<QThread>())
{
    // tpm2-tss logs every failure to stderr; we decode and report them ourselves. A user who
    // wants the TSS log sets TSS2_LOG.
    if (!qEnvironmentVariableIsSet("TSS2_LOG"))
        qputenv("TSS2_LOG", "all+NONE");
    m_thread->setObjectName(u"TpmWorker"_s);
    auto *object = new TpmWorkerObject(std::move(options));
    object->moveToThread(m_thread.get());
    m_object = object;
    m_thread->start();
}

TpmWorker::~TpmWorker()
{
    // Must not be destroyed by one of its own tasks: it waits for its thread to finish.
    Q_ASSERT(!isCurrentThread());
    auto *object = static_cast<TpmWorkerObject *>(m_object);
    object->stop();
    QMetaObject::invokeMethod(
        object, [object] { object->shutdown(); }, Qt::BlockingQueuedConnection);
    // Deleted on the worker thread when it finishes, together with any task still queued.
    object->deleteLater();
    m_thread->quit();
    m_thread->wait();
}

bool TpmWorker::isCurrentThread() const
{
    return QThread::currentThread() == m_thread.get();
}

Error TpmWorker::stoppedError()
{
    return tpmLocalError(TpmCodeWorkerStopped,
                         u"The TPM request was dropped because the program is shutting down."_s);
}

void TpmWorker::enqueue(std::function<void(TpmConnection &)> task, Priority priority)
{
    QCoreApplication::postEvent(m_object, new TaskEvent(std::move(task)),
                                priority == Priority::Background ? Qt::LowEventPriority
                                                                 : Qt::NormalEventPriority);
}

TpmConnection &TpmWorker::connectionOnWorkerThread()
{
    Q_ASSERT(isCurrentThread());
    return static_cast<TpmWorkerObject *>(m_object)->connection();
}

} // namespace Entra
