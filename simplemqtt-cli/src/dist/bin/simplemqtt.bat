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
rem Java 23 and later: let Netty and JCTools use sun.misc.Unsafe without four warnings per run
rem (older ones refuse the option). The version comes from JAVA_HOME's release file, when there is one.
set "QUIET_UNSAFE="
set "JAVA_RELEASE="
if defined JAVA_HOME if exist "%JAVA_HOME%\release" (
  for /f "tokens=2 delims==" %%v in ('findstr /b "JAVA_VERSION=" "%JAVA_HOME%\release"') do set "JAVA_RELEASE=%%~v"
)
if defined JAVA_RELEASE for /f "tokens=1 delims=." %%m in ("%JAVA_RELEASE%") do (
  if %%m GEQ 23 set "QUIET_UNSAFE=--sun-misc-unsafe-memory-access=allow"
)
rem Short commands start faster on the first-tier compiler and the serial collector; the bench
rem measures throughput and keeps the defaults. SIMPLEMQTT_OPTS comes later and overrides these.
set "SHORT_LIVED=-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:+UseSerialGC -Xss512k"
if /i "%~1"=="bench" set "SHORT_LIVED="
"%JAVA_EXE%" %QUIET_UNSAFE% %SHORT_LIVED% %SIMPLEMQTT_OPTS% -Dsimplemqtt.command=simplemqtt "-Dsimplemqtt.home=%SIMPLEMQTT_HOME%" -cp "%SIMPLEMQTT_HOME%\lib\*" io.github.simplemqtt.cli.Main %*
exit /b %ERRORLEVEL%
