// The preload exposes exactly one small object to the page: send a tRPC message, listen
// for replies. No Node, no ipcRenderer, nothing else crosses the context bridge.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_CHANNEL, type IpcRequest, type IpcResponse, type NocBridge } from '../../../shared/ipc';

const bridge: NocBridge = {
  send: (request: IpcRequest) => ipcRenderer.send(IPC_CHANNEL, request),
  onMessage: (listener: (response: IpcResponse) => void) => {
    const wrapped = (_event: IpcRendererEvent, response: IpcResponse) => listener(response);
    ipcRenderer.on(IPC_CHANNEL, wrapped);
    return () => ipcRenderer.removeListener(IPC_CHANNEL, wrapped);
  },
};

contextBridge.exposeInMainWorld('nocBridge', bridge);
