#include "tpmworker.h"

#include <QCoreApplication>
#include <QEvent>
#include <QObject>
#include <QThread>

#include <atomic>
#include <deque>
#include <future>
#include <mutex>

#include <openssl/crypto.h>

using namespace Qt::Literals::StringLiterals;

namespace Entra {

namespace {

using Task = std::function<void(TpmConnection &)>;

// One per queued task: tells the worker thread to run the most urgent task waiting.
QEvent::Type runNextTaskEvent()
{
    static const auto type = QEvent::Type(QEvent::registerEventType());
    return type;
}

// Tells the worker thread to close the TPM connection; the worker's destructor waits for it.
QEvent::Type shutdownEvent()
{
    static const auto type = QEvent::Type(QEvent::registerEventType());
    return type;
}

// Lives on the worker thread and owns the connection (and through it the ESYS context).
//
// The tasks wait in our own two queues rather than inside the events: Qt orders posted events by
// priority only among those not yet taken into the loop's current pass, so a normal task could
// queue behind background ones already taken in. The queues' std::mutex is also what makes
// the hand-off between threads visible to ThreadSanitizer (Qt's own mutexes are not).
class TpmWorkerObject : public QObject
{
public:
    explicit TpmWorkerObject(TctiOptions options)
        : m_connection(std::move(options))
    { }

    TpmConnection &connection() { return m_connection; }
    void stop() { m_stopping = true; }
    std::future<void> shutDown() { return m_shutDown.get_future(); }

    // Any thread.
    void push(Task task, TpmWorker::Priority priority)
    {
        const std::lock_guard lock(m_queueMutex);
        auto &queue = priority == TpmWorker::Priority::Background ? m_background : m_normal;
        queue.push_back(std::move(task));
    }

    bool event(QEvent *event) override
    {
        if (event->type() == shutdownEvent()) {
            shutdown();
            return true;
        }
        if (event->type() != runNextTaskEvent())
            return QObject::event(event);
        const Task task = takeNext();
        if (!m_stopping && task)
            task(m_connection);
        return true;
    }

private:
    // ESYS must be finalised on the thread that used it. tpm2-tss uses OpenSSL on this thread;
    // free its per-thread state (error queue, DRBGs) here, in the event loop, while the worker's
    // owner waits (LeakSanitizer reported the error queue when it was left to thread exit).
    void shutdown()
    {
        m_connection.reset();
        OPENSSL_thread_stop();
        m_shutDown.set_value();
    }

    Task takeNext()
    {
        const std::lock_guard lock(m_queueMutex);
        auto &queue = m_normal.empty() ? m_background : m_normal;
        if (queue.empty())
            return {};
        Task task = std::move(queue.front());
        queue.pop_front();
        return task;
    }

    TpmConnection m_connection;
    std::atomic_bool m_stopping = false;
    std::mutex m_queueMutex;
    std::deque<Task> m_normal;
    std::deque<Task> m_background;
    // A std::promise, not a blocking queued call: TSan sees its hand-off.
    std::promise<void> m_shutDown;
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
    std::future<void> shutDown = object->shutDown();
    QCoreApplication::postEvent(object, new QEvent(shutdownEvent()), Qt::HighEventPriority);
    shutDown.wait();
    // Deleted on the worker thread when it finishes, together with any task still queued (their
    // promises go with them, which cancels their futures).
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
    static_cast<TpmWorkerObject *>(m_object)->push(std::move(task), priority);
    QCoreApplication::postEvent(m_object, new QEvent(runNextTaskEvent()));
}

TpmConnection &TpmWorker::connectionOnWorkerThread()
{
    Q_ASSERT(isCurrentThread());
    return static_cast<TpmWorkerObject *>(m_object)->connection();
}

} // namespace Entra
