#pragma once

#include "common/result.h"
#include "tpmconnection.h"
#include "tpmerror.h"

#include <QFuture>
#include <QPromise>

#include <functional>
#include <memory>

class QObject;
class QThread;

namespace Entra {

// The one thread that talks to the TPM. ESAPI is not thread-safe, so the ESYS context (inside a
// TpmConnection) lives on this thread and every TPM operation is a task posted here. Results come
// back as QFutures; deliver them to a context object with
//     deliverTo(contextObject, future, [](const Result<X> &r) { ... });   // asyncdelivery.h
// so a result never reaches a destroyed widget, and the GUI thread never waits.
class TpmWorker
{
public:
    enum class Priority { Normal, Background };

    explicit TpmWorker(TctiOptions options = {});
    ~TpmWorker();
    TpmWorker(const TpmWorker &) = delete;
    TpmWorker &operator=(const TpmWorker &) = delete;

    const TctiOptions &options() const { return m_options; }
    QThread *thread() const { return m_thread.get(); }
    bool isCurrentThread() const;

    // Runs `task` on the worker thread. Background tasks (the key pool) yield to normal ones.
    // If the worker is destroyed before the task ran, the future is canceled.
    template<typename T>
    QFuture<T> post(std::function<T(TpmConnection &)> task, Priority priority = Priority::Normal)
    {
        auto promise = std::make_shared<QPromise<T>>();
        QFuture<T> future = promise->future();
        enqueue(
            [promise, task = std::move(task)](TpmConnection &connection) {
                promise->start();
                promise->addResult(task(connection));
                promise->finish();
            },
            priority);
        return future;
    }

    // The synchronous path for the CLI and for code already off the GUI thread: the task still
    // runs on the worker thread (inline when called from it), the caller blocks until it is done.
    template<typename U> Result<U> call(std::function<Result<U>(TpmConnection &)> task)
    {
        if (isCurrentThread())
            return task(connectionOnWorkerThread());
        QFuture<Result<U>> future = post<Result<U>>(std::move(task));
        future.waitForFinished();
        if (future.isCanceled() || future.resultCount() == 0)
            return stoppedError();
        return future.result();
    }

    static Error stoppedError();

private:
    void enqueue(std::function<void(TpmConnection &)> task, Priority priority);
    TpmConnection &connectionOnWorkerThread();

    TctiOptions m_options;
    std::unique_ptr<QThread> m_thread;
    QObject *m_object = nullptr; // lives on m_thread; owns the TpmConnection
};

} // namespace Entra
