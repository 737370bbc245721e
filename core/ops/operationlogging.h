#pragma once

#include "common/error.h"
#include "oplog/operationlog.h"

#include <QMetaEnum>
#include <QObject>

#include <memory>

namespace Entra {

namespace OperationLogging {

// One run of one operation: the log, its correlation id and the step under way.
struct Run
{
    Run(const QString &stateDirectory, const QString &operation)
        : log(stateDirectory)
        , run(log, operation)
    {
    }
    OpLog::OperationLog log;
    OpLog::OperationRun run;
    QString step;

    void failed(const Error &error)
    {
        const QString at = step.isEmpty() ? QStringLiteral("Start") : step;
        if (error.domain == ErrorDomain::Usage
            && error.message.contains(QStringLiteral("cancelled")))
            run.cancelled(at, error.message);
        else
            run.failed(at, error);
    }
};

// failed(Error, Step, aftermath): join, leave and PIN say what they rolled back.
template<typename Operation, typename Step>
void connectFailure(Operation &operation, std::shared_ptr<Run> state,
                    void (Operation::*)(const Error &, Step, const QString &))
{
    QObject::connect(&operation, &Operation::failed, &operation,
                     [state](const Error &error, Step, const QString &aftermath) {
                         state->failed(error);
                         if (aftermath.startsWith(QStringLiteral("Rolled back")))
                             state->run.rolledBack(state->step.isEmpty()
                                                       ? QStringLiteral("Start")
                                                       : state->step,
                                                   aftermath);
                     });
}

// failed(Error): a sign-in.
template<typename Operation>
void connectFailure(Operation &operation, std::shared_ptr<Run> state,
                    void (Operation::*)(const Error &))
{
    QObject::connect(&operation, &Operation::failed, &operation,
                     [state](const Error &error) { state->failed(error); });
}

// failed(Error, anything else): the PRT operation.
template<typename Operation, typename Extra>
void connectFailure(Operation &operation, std::shared_ptr<Run> state,
                    void (Operation::*)(const Error &, const Extra &))
{
    QObject::connect(&operation, &Operation::failed, &operation,
                     [state](const Error &error) { state->failed(error); });
}

} // namespace OperationLogging

// Records every step of a multi-step operation (join, leave, PIN, PRT) in the operation log:
// started, succeeded when the next step starts, failed with the error's code and message, and
// what was rolled back. The operations call it on themselves, so no run goes unrecorded. Step
// names are the Step enum's keys ("Register"); messages are the step titles and the
// operations' own sentences, which never hold secrets.
template<typename Operation>
void recordInOperationLog(Operation &operation, const QString &stateDirectory,
                          const QString &operationName)
{
    using Step = typename Operation::Step;
    auto state = std::make_shared<OperationLogging::Run>(stateDirectory, operationName);
    const QMetaEnum steps = QMetaEnum::fromType<Step>();
    QObject::connect(&operation, &Operation::stepStarted, &operation,
                     [state, steps](Step step, const QString &title) {
                         if (!state->step.isEmpty())
                             state->run.succeeded(state->step);
                         state->step.clear();
                         if (step != Step::Done) {
                             state->step = QString::fromLatin1(steps.valueToKey(int(step)));
                             state->run.started(state->step, title);
                         }
                     });
    OperationLogging::connectFailure(operation, state, &Operation::failed);
}

} // namespace Entra
