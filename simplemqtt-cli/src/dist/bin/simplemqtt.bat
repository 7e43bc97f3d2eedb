@echo off
rem simplemqtt: runs the command line from the folder it was unpacked to (bin\ beside lib\).
rem Needs Java 17 or newer: %JAVA_HOME%\bin\java.exe when JAVA_HOME is set, else java on the PATH.
rem JVM options go in SIMPLEMQTT_OPTS, e.g. set SIMPLEMQTT_OPTS=-Xmx256m
setlocal
set "SIMPLEMQTT_HOME=%~dp0.."
set "JAVA_EXE=java"
if defined JAVA_HOME set "JAVA_EXE=%JAVA_HOME%\bin\java.exe"
if defined JAVA_HOME if not exist "%JAVA_EXE%" (
  echo simplemqtt: JAVA_HOME is %JAVA_HOME%, which has no bin\java.exe; point it at a Java 17+ installation or unset it. 1>&2
  exit /b 1
)
if not defined JAVA_HOME (
  where java >nul 2>nul || (
    echo simplemqtt: no java on the PATH; install a Java 17+ runtime or set JAVA_HOME. 1>&2
    exit /b 1
  )
)
"%JAVA_EXE%" %SIMPLEMQTT_OPTS% -Dsimplemqtt.command=simplemqtt -cp "%SIMPLEMQTT_HOME%\lib\*" io.github.simplemqtt.cli.Main %*
exit /b %ERRORLEVEL%
